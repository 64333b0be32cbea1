package io.herald.publisher.queue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.common.stream.Delivery;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.stream.StreamGroup;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.metrics.PublisherMetrics;
import io.herald.publisher.support.GraphStubs;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Priority order and graceful shutdown, at the level of the consumer beans. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class ConsumerLifecycleTest {
  @Inject
  Worker worker;

  @Inject
  JobConsumer consumer;

  @Inject
  StreamGroup group;

  @Inject
  PublisherMetrics metrics;

  @Inject
  RedisDataSource redis;

  @Test
  void highIsReadBeforeNormalBeforeLowWhateverTheOrderTheyArrived() {
    Account account = Account.facebook();
    consumer.stop(Duration.ofSeconds(5));
    try {
      String low = worker.enqueue(Priority.LOW, Jobs.job(account, Jobs.text("low")));
      String normal = worker.enqueue(Priority.NORMAL, Jobs.job(account, Jobs.text("normal")));
      String high = worker.enqueue(Priority.HIGH, Jobs.job(account, Jobs.text("high")));
      // Drain what earlier tests may have left, in the order the worker would read it, and keep ours.
      var order = new java.util.ArrayList<String>();
      List<Delivery> next;
      while (!(next = group.readNew("priority-test", 1, Duration.ZERO)).isEmpty()) {
        next.forEach(d -> {
          order.add(d.entryId());
          group.ack(d);
        });
      }
      assertThat(order).containsSubsequence(high, normal, low);
    } finally {
      consumer.start();
    }
  }

  /** What {@code herald_queue_oldest_job_age_seconds} is sampled from: the oldest pending entry, else the first unread. */
  @Test
  void theOldestUnfinishedEntryIsTheOldestPendingOneElseTheFirstUnread() {
    String stream = StreamKeys.JOBS_PREFIX + "oldest-test-" + UUID.randomUUID();
    redis.execute("XGROUP", "CREATE", stream, StreamKeys.PUBLISHERS_GROUP, "$", "MKSTREAM");
    try {
      assertThat(group.stats(stream).oldestAt()).as("nothing to do").isEmpty();
      String first = redis.execute("XADD", stream, "*", "n", "1").toString();
      String second = redis.execute("XADD", stream, "*", "n", "2").toString();

      assertThat(group.stats(stream).oldestAt()).as("unread").contains(addedAt(first));
      redis.execute("XREADGROUP", "GROUP", StreamKeys.PUBLISHERS_GROUP, "oldest-test", "COUNT", "1", "STREAMS",
          stream, ">");
      assertThat(group.stats(stream).oldestAt()).as("read, not acknowledged").contains(addedAt(first));
      redis.execute("XACK", stream, StreamKeys.PUBLISHERS_GROUP, first);
      assertThat(group.stats(stream).oldestAt()).as("the next one, unread").contains(addedAt(second));
      redis.execute("XREADGROUP", "GROUP", StreamKeys.PUBLISHERS_GROUP, "oldest-test", "COUNT", "1", "STREAMS",
          stream, ">");
      redis.execute("XACK", stream, StreamKeys.PUBLISHERS_GROUP, second);
      assertThat(group.stats(stream).oldestAt()).as("all done").isEmpty();
    } finally {
      redis.execute("DEL", stream);
    }
  }

  private static Instant addedAt(String entryId) {
    return Instant.ofEpochMilli(Long.parseLong(entryId.split("-", 2)[0]));
  }

  @Test
  void stoppingWhileAJobIsInFlightLetsItFinishAndAcknowledgesIt() {
    Account account = Account.facebook();
    Worker.credentialsFor(account);
    String feed = "/v21.0/" + account.externalId() + "/feed";
    GraphStubs.createsAndPublishes(account);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(feed)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"id\":\"" + account.externalId() + "_1\"}")
        .withFixedDelay(700)));
    JobMessage job = Jobs.job(account, Jobs.text("In flight at shutdown"));
    String entryId = worker.enqueue(job);

    try {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
          .until(() -> !PlatformFakes.wireMock().findAll(postRequestedFor(urlPathEqualTo(feed))).isEmpty());
      assertThat(metrics.inFlight()).isPositive();

      consumer.stop(Duration.ofSeconds(10));

      assertThat(consumer.isRunning()).isFalse();
      assertThat(worker.results(job.targetId())).extracting(r -> r.outcome()).containsExactly(ResultOutcome.PUBLISHED);
      assertThat(redis.stream(String.class).xpending(Priority.NORMAL.streamKey(), StreamKeys.PUBLISHERS_GROUP,
          StreamRange.of(entryId, entryId), 1)).isEmpty();
    } finally {
      consumer.start();
    }
  }

  @Test
  void aJobStillRunningWhenTheGracePeriodEndsIsNotLost() {
    Account account = Account.facebook();
    Worker.credentialsFor(account);
    String feed = "/v21.0/" + account.externalId() + "/feed";
    GraphStubs.createsAndPublishes(account);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(feed)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"id\":\"" + account.externalId() + "_2\"}")
        .withFixedDelay(800)));
    JobMessage job = Jobs.job(account, Jobs.text("Cut short " + account.id()));
    String entryId = worker.enqueue(job);

    try {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
          .until(() -> !PlatformFakes.wireMock().findAll(postRequestedFor(urlPathEqualTo(feed))).isEmpty());

      consumer.stop(Duration.ofMillis(50));

      boolean pending = !redis.stream(String.class).xpending(Priority.NORMAL.streamKey(), StreamKeys.PUBLISHERS_GROUP,
          StreamRange.of(entryId, entryId), 1).isEmpty();
      boolean reported = !worker.results(job.targetId()).isEmpty();
      // Either still pending (another worker will claim it) or acknowledged with a result and, if needed, rescheduled.
      assertThat(pending || reported).isTrue();
    } finally {
      // Rounds cut short by the grace period finish on their own threads; let them end before restarting.
      await().pollDelay(Duration.ofMillis(400)).atMost(Duration.ofSeconds(10)).until(() -> metrics.inFlight() == 0);
      consumer.start();
    }
  }
}
