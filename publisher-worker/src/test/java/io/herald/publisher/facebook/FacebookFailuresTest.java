package io.herald.publisher.facebook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.credentials.CredentialsClient;
import io.herald.publisher.ledger.Ledger;
import io.herald.publisher.publish.Pauses;
import io.herald.publisher.support.DelayedJobs;
import io.herald.publisher.support.GraphStubs;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each Facebook error class, on the way to the unpublished post and on the way to publishing it. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class FacebookFailuresTest {
  static final DateTimeFormatter GRAPH_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx").withZone(ZoneOffset.UTC);

  @Inject
  Worker worker;

  @Inject
  DelayedJobs delayed;

  @Inject
  Ledger ledger;

  @Inject
  FacebookPublisher publisher;

  @Inject
  CredentialsClient credentials;

  @Inject
  CircuitBreakerMaintenance breakers;

  @Inject
  Pauses pauses;

  @Inject
  RedisDataSource redis;

  Account account;

  @BeforeEach
  void setUp() {
    breakers.resetAll();
    account = Account.facebook();
    Worker.credentialsFor(account);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(
        "/internal/v1/social-accounts/" + account.id() + "/reauth-required")).willReturn(aResponse().withStatus(204)));
  }

  String feed() {
    return "/v21.0/" + account.externalId() + "/feed";
  }

  static ResponseDefinitionBuilder graphError(int status, int code, Integer subcode, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(
        "{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":" + code
            + (subcode == null ? "" : ",\"error_subcode\":" + subcode) + ",\"fbtrace_id\":\"EJplcsCHuLu\"}}");
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
  }

  @Test
  void anInvalidatedTokenMarksTheAccountNeedsReauthAndFailsTheTarget() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(feed()))
        .willReturn(graphError(400, 190, 460, "Error validating access token: password changed")));
    JobMessage job = Jobs.job(account, Jobs.text("Auth gone"));

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.NEEDS_REAUTH);
    assertThat(result.errorCode()).isEqualTo("facebook:190/460");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(
        "/internal/v1/social-accounts/" + account.id() + "/reauth-required"))
        .withRequestBody(containing("facebook:190/460")));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(feed())));
  }

  @Test
  void aPermanentErrorFailsWithThePlatformsCodeAndMessageWithoutRetrying() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(feed()))
        .willReturn(graphError(400, 100, null, "(#100) Invalid parameter")));
    JobMessage job = Jobs.job(account, Jobs.text("Bad request"));

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.FAILED);
    assertThat(result.errorCode()).isEqualTo("facebook:100");
    assertThat(result.errorMessage()).isEqualTo("(#100) Invalid parameter");
    assertThat(worker.results(job.targetId())).extracting(ResultMessage::outcome).containsExactly(ResultOutcome.FAILED);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(feed())));
  }

  @Test
  void aCode2OnTheUnpublishedCreateIsRetriedSinceNothingCanBePublicYet() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(feed())).inScenario("transient-" + account.id())
        .whenScenarioStateIs(STARTED).willReturn(graphError(500, 2, null, "Service temporarily unavailable"))
        .willSetStateTo("recovered"));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(feed())).inScenario("transient-" + account.id())
        .whenScenarioStateIs("recovered").willReturn(json("{\"id\":\"" + account.externalId() + "_r\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v21.0/" + account.externalId() + "_r"))
        .willReturn(json("{\"success\":true}")));
    JobMessage job = Jobs.job(account, Jobs.text("Try again"));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId())
        .isEqualTo(account.externalId() + "_r");
    assertThat(worker.results(job.targetId())).extracting(ResultMessage::outcome)
        .containsExactly(ResultOutcome.RETRY_SCHEDULED, ResultOutcome.PUBLISHED);
    assertThat(worker.results(job.targetId()).get(0).errorCode()).isEqualTo("facebook:2");
    PlatformFakes.wireMock().verify(2, postRequestedFor(urlPathEqualTo(feed())));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/v21.0/" + account.externalId() + "_r")));
  }

  @Test
  void retriesWaitInTheDelayedSetLongerEachTimeThenGiveUp() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(feed()))
        .willReturn(graphError(500, 1, null, "An unknown error occurred")));
    JobMessage job = Jobs.job(account, Jobs.text("Always down"));

    worker.enqueue(job);

    ResultMessage firstRetry = worker.awaitOutcome(job.targetId(), ResultOutcome.RETRY_SCHEDULED);
    Instant due = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
        .until(() -> delayed.dueAt(job.targetId()).orElse(null), d -> d != null);
    assertThat(due).isAfter(firstRetry.at());

    ResultMessage failed = worker.awaitOutcome(job.targetId(), ResultOutcome.FAILED, Duration.ofSeconds(30));
    assertThat(failed.errorCode()).isEqualTo("facebook:1");
    assertThat(failed.errorMessage()).contains("gave up after 5 tries");
    List<Instant> calls = PlatformFakes.wireMock().findAll(postRequestedFor(urlPathEqualTo(feed()))).stream()
        .map(LoggedRequest::getLoggedDate).map(java.util.Date::toInstant).sorted(Comparator.naturalOrder()).toList();
    assertThat(calls).hasSize(5);
    // Backoff 300 ms doubling, +-20 % jitter, capped at 2 s: the waits grow, and the last is capped.
    Duration first = Duration.between(calls.get(0), calls.get(1));
    Duration third = Duration.between(calls.get(2), calls.get(3));
    Duration last = Duration.between(calls.get(3), calls.get(4));
    assertThat(third).isGreaterThan(first);
    assertThat(last).isGreaterThan(first).isLessThan(Duration.ofMillis(2_400 + 700));
  }

  @Test
  void throttlingWaitsWhatThePlatformAdvisesAndPausesThePage() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(feed())).willReturn(graphError(400, 32, null,
        "(#32) Page request limit reached").withHeader("x-business-use-case-usage",
        "{\"" + account.externalId() + "\":[{\"type\":\"pages\",\"call_count\":100,\"total_cputime\":23,"
            + "\"total_time\":23,\"estimated_time_to_regain_access\":2}]}")));
    JobMessage job = Jobs.job(account, Jobs.text("Too fast"));

    worker.enqueue(job);

    ResultMessage retry = worker.awaitOutcome(job.targetId(), ResultOutcome.RETRY_SCHEDULED);
    assertThat(retry.errorCode()).isEqualTo("facebook:32");
    Instant due = await().atMost(Duration.ofSeconds(5)).until(() -> delayed.dueAt(job.targetId()).orElse(null),
        d -> d != null);
    assertThat(Duration.between(retry.at(), due)).isBetween(Duration.ofSeconds(110), Duration.ofSeconds(130));

    // Another post for the same Page waits for the pause instead of calling Facebook.
    JobMessage next = Jobs.job(account, Jobs.text("Also waiting"));
    worker.enqueue(next);
    await().atMost(Duration.ofSeconds(5)).until(() -> delayed.dueAt(next.targetId()).isPresent());
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(feed())));
    assertThat(ledger.find(next.targetId()).orElseThrow().tries()).isZero();
  }

  @Test
  void usageHeadersNearTheLimitPauseThePageBeforeFacebookThrottles() {
    GraphStubs.createsAndPublishes(account);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(feed())).willReturn(json(
        "{\"id\":\"" + account.externalId() + "_1\"}")
        .withHeader("x-app-usage", "{\"call_count\":95,\"total_time\":20,\"total_cputime\":20}")));
    JobMessage first = Jobs.job(account, Jobs.text("Busy page"));
    worker.enqueue(first);
    worker.awaitOutcome(first.targetId(), ResultOutcome.PUBLISHED);

    JobMessage next = Jobs.job(account, Jobs.text("Waits"));
    worker.enqueue(next);

    await().atMost(Duration.ofSeconds(5)).until(() -> delayed.dueAt(next.targetId()).isPresent());
    assertThat(worker.results(next.targetId())).isEmpty();
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(feed())));
  }

  @Test
  void aPauseAnotherReplicaSetsHoldsHereWithinAQuarterSecond() {
    GraphStubs.createsAndPublishes(account);
    JobMessage first = Jobs.job(account, Jobs.text("Before the pause"));
    worker.enqueue(first);
    worker.awaitOutcome(first.targetId(), ResultOutcome.PUBLISHED);
    String scope = FacebookPublisher.pauseScope(account.externalId());
    assertThat(pauses.remaining(scope)).isEmpty();

    // Another replica was throttled on this Page: it wrote the shared pause (Pauses' key) straight to Redis.
    redis.value(String.class).set("herald:publisher:pause:" + scope, "1", new SetArgs().px(60_000));

    await().atMost(Duration.ofMillis(250 + 1_000)).until(() -> pauses.remaining(scope).isPresent());
    JobMessage next = Jobs.job(account, Jobs.text("Waits for the other replica's pause"));
    worker.enqueue(next);
    await().atMost(Duration.ofSeconds(5)).until(() -> delayed.dueAt(next.targetId()).isPresent());
    assertThat(worker.results(next.targetId())).isEmpty();
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(feed())));
  }
}
