package io.herald.publisher.queue;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.GraphStubs;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worker's limits within its concurrency: one account at its limit waits its turn (or comes back later through
 * the delayed set) while other accounts publish, and the consumer never reads more entries than it can run.
 */
@QuarkusTest
@TestProfile(JobLimitsTest.Limits.class)
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class JobLimitsTest {
  static final int CONCURRENCY = 4;
  static final int CREATE_MILLIS = 400;

  /** Four jobs at once, one per account, a job waits at most 200 ms for its account's turn. */
  public static class Limits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "herald.publisher.concurrency", Integer.toString(CONCURRENCY),
          "herald.publisher.limits.per-account", "1",
          "herald.publisher.limits.max-wait", "200ms");
    }
  }

  @Inject
  Worker worker;

  @Inject
  RedisDataSource redis;

  /** A Page whose Graph API takes {@code CREATE_MILLIS} to create each unpublished post. */
  static Account slowPage() {
    Account account = Account.facebook();
    Worker.credentialsFor(account);
    GraphStubs.createsAndPublishes(account);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(GraphStubs.feed(account))).atPriority(1).willReturn(
        GraphStubs.json("{\"id\":\"" + account.externalId() + "_{{randomValue length=15 type='NUMERIC'}}\"}")
            .withTransformers("response-template").withFixedDelay(CREATE_MILLIS)));
    return account;
  }

  @Test
  void anAccountAtItsLimitWaitsItsTurnWhileOtherAccountsPublish() {
    Account busy = slowPage();
    Account other = Account.facebook();
    Worker.credentialsFor(other);
    GraphStubs.createsAndPublishes(other);
    List<JobMessage> burst = List.of(Jobs.job(busy, Jobs.text("Burst 1")), Jobs.job(busy, Jobs.text("Burst 2")),
        Jobs.job(busy, Jobs.text("Burst 3")));
    burst.forEach(worker::enqueue);
    JobMessage quiet = Jobs.job(other, Jobs.text("Another Page"));
    worker.enqueue(quiet);

    worker.awaitOutcome(quiet.targetId(), ResultOutcome.PUBLISHED, Duration.ofSeconds(5));
    assertThat(burst.stream().filter(job -> !worker.results(job.targetId()).isEmpty()).count())
        .as("the other Page did not wait behind the busy one's burst").isLessThan(burst.size());

    burst.forEach(job -> worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED, Duration.ofSeconds(30)));
    List<LoggedRequest> creates = new ArrayList<>(PlatformFakes.wireMock().findAll(
        postRequestedFor(urlPathEqualTo(GraphStubs.feed(busy)))));
    creates.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
    // (A create whose answer is late under load is tried again: still one at a time.)
    assertThat(creates).hasSizeGreaterThanOrEqualTo(burst.size());
    for (int i = 1; i < creates.size(); i++) {
      long gap = creates.get(i).getLoggedDate().getTime() - creates.get(i - 1).getLoggedDate().getTime();
      assertThat(gap).as("one job of the Page at a time: a create starts after the previous job ended")
          .isGreaterThanOrEqualTo(CREATE_MILLIS - 50);
    }
    burst.forEach(job -> assertThat(worker.results(job.targetId())).extracting(r -> r.outcome())
        .containsOnlyOnce(ResultOutcome.PUBLISHED));
    given().when().get("/q/metrics").then().statusCode(200)
        .body(containsString("herald_jobs_limited_total{limit=\"account\",result=\"deferred\"}"))
        .body(containsString("herald_jobs_waiting"));
  }

  @Test
  void theConsumerReadsNoMoreEntriesThanItCanRun() {
    List<JobMessage> jobs = new ArrayList<>();
    List<String> entries = new ArrayList<>();
    List<Account> pages = new ArrayList<>();
    for (int i = 0; i < 2 * CONCURRENCY; i++) {
      Account page = slowPage();
      pages.add(page);
      JobMessage job = Jobs.job(page, Jobs.text("Backpressure " + i));
      jobs.add(job);
      entries.add(worker.enqueue(job));
    }

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> pages.stream()
        .filter(page -> !PlatformFakes.wireMock().findAll(postRequestedFor(urlPathEqualTo(GraphStubs.feed(page))))
            .isEmpty()).count() == CONCURRENCY);
    // Entries read and not acknowledged while CONCURRENCY jobs run: never more than it can run, for as long as the
    // first jobs run.
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
        .until(() -> readNotAcknowledged(entries) <= CONCURRENCY);

    jobs.forEach(job -> worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED, Duration.ofSeconds(30)));
    assertThat(readNotAcknowledged(entries)).isZero();
  }

  /** Our entries the group has read and not acknowledged (XPENDING over their range). */
  long readNotAcknowledged(List<String> entries) {
    return redis.stream(String.class).xpending(Priority.NORMAL.streamKey(), StreamKeys.PUBLISHERS_GROUP,
        StreamRange.of(entries.getFirst(), entries.getLast()), 1000).size();
  }
}
