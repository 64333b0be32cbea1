package io.herald.publisher.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.stream.StreamKeys;
import io.herald.publisher.queue.JobConsumer;
import io.herald.publisher.support.Jobs.Account;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What tests do with the worker from the outside: enqueue jobs as content-service does, read results. */
@ApplicationScoped
public class Worker {
  private final RedisDataSource redis;
  private final JobConsumer consumer;

  Worker(RedisDataSource redis, JobConsumer consumer) {
    this.redis = redis;
    this.consumer = consumer;
  }

  /**
   * A consumer that reads the job (on the low stream) and dies before acknowledging it, as if it had been
   * delivered {@code deliveries} times; our worker pauses meanwhile. Answers the entry's id.
   */
  public String abandon(JobMessage job, int deliveries) {
    String stream = Priority.LOW.streamKey();
    consumer.stop(Duration.ofSeconds(5));
    try {
      String entryId = enqueue(Priority.LOW, job);
      var taken = redis.stream(String.class).xreadgroup(StreamKeys.PUBLISHERS_GROUP, "crashed-worker", stream, ">",
          new XReadGroupArgs().count(1000));
      assertThat(taken).extracting(m -> m.id()).contains(entryId);
      if (deliveries > 1) {
        redis.execute("XCLAIM", stream, StreamKeys.PUBLISHERS_GROUP, "crashed-worker", "0", entryId,
            "RETRYCOUNT", Integer.toString(deliveries));
      }
      return entryId;
    } finally {
      consumer.start();
    }
  }

  public String enqueue(JobMessage job) {
    return enqueue(Priority.NORMAL, job);
  }

  public String enqueue(Priority priority, JobMessage job) {
    return enqueueFields(priority.streamKey(), job.toFields());
  }

  public String enqueueFields(String stream, Map<String, String> fields) {
    return redis.stream(String.class).xadd(stream, new XAddArgs().maxlen(100_000L).nearlyExactTrimming(), fields);
  }

  /** Every result produced for a target, oldest first. */
  public List<StreamMessage<String, String, String>> rawResults(UUID targetId) {
    return redis.stream(String.class).xrange(StreamKeys.RESULTS, StreamRange.of("-", "+")).stream()
        .filter(m -> targetId.toString().equals(m.payload().get("targetId")))
        .toList();
  }

  /** Whether a job of the target went to the dead-letter stream (a job that ended normally never does). */
  public boolean deadLettered(UUID targetId) {
    return redis.stream(String.class).xrange(StreamKeys.DEAD, StreamRange.of("-", "+")).stream()
        .anyMatch(m -> targetId.toString().equals(m.payload().get("targetId")));
  }

  public List<ResultMessage> results(UUID targetId) {
    return rawResults(targetId).stream().map(m -> ResultMessage.fromFields(m.payload())).toList();
  }

  /** Waits for a result with this outcome and returns it. */
  public ResultMessage awaitOutcome(UUID targetId, ResultOutcome outcome) {
    return awaitOutcome(targetId, outcome, Duration.ofSeconds(20));
  }

  public ResultMessage awaitOutcome(UUID targetId, ResultOutcome outcome, Duration timeout) {
    return await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(
        () -> results(targetId).stream().filter(r -> r.outcome() == outcome).findFirst().orElse(null),
        r -> r != null);
  }

  /** Stubs auth-service's credentials endpoint for this account. */
  public static void credentialsFor(Account account) {
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(
        "/internal/v1/social-accounts/" + account.id() + "/credentials"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
            credentialsJson(account, account.token()))));
  }

  public static String credentialsJson(Account account, String token) {
    String expiresAt = account.platform() == io.herald.common.stream.Platform.TIKTOK
        ? "\"" + java.time.Instant.now().plus(Duration.ofHours(2)) + "\"" : "null";
    return """
        {"socialAccountId":"%s","tenantId":"%s","platform":"%s","externalId":"%s","accessToken":"%s","expiresAt":%s}"""
        .formatted(account.id(), account.tenantId(), account.platform(), account.externalId(), token, expiresAt);
  }
}
