package io.herald.publisher.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.stream.StreamKeys;
import io.herald.publisher.support.Jobs.Account;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What tests do with the worker from the outside: enqueue jobs as content-service does, read results. */
@ApplicationScoped
public class Worker {
  private final RedisDataSource redis;

  Worker(RedisDataSource redis) {
    this.redis = redis;
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
