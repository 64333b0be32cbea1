package io.herald.publisher.queue;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.common.security.Roles;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.stream.StreamKeys;
import io.herald.common.stream.StreamKeysUpgrade;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.FastRecoveryProfile;
import io.herald.publisher.support.GraphStubs;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.herald.common.ratelimit.TikTokRateLimiter;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker on a Redis Cluster of three masters, through every path that touches several keys at once: the blocking
 * read of the three job streams, the finish script (result, delayed set, marker, acknowledgement), the mover of due
 * delayed jobs, the claim of abandoned entries, dead letters and their replay, and the move of jobs an older Herald
 * left under the untagged keys. Before the {@code {jobs}} hash tag each failed with CROSSSLOT and a post whose first
 * call got a 500 stayed PUBLISHING for good.
 */
@QuarkusTest
@TestProfile(FastRecoveryProfile.class)
@WithTestResource(value = HeraldInfraResource.class,
    initArgs = @ResourceArg(name = HeraldInfraResource.REDIS_CLUSTER, value = "true"))
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class RedisClusterTest {
  @Inject
  Worker worker;

  @Inject
  RedisDataSource redis;

  @Inject
  CircuitBreakerMaintenance breakers;

  @Inject
  TikTokRateLimiter tiktokLimits;

  Account account;

  @BeforeEach
  void setUp() {
    breakers.resetAll();
    account = Account.facebook();
    Worker.credentialsFor(account);
  }

  @Test
  void aPostWhoseFirstCallGotA500IsRetriedThroughTheDelayedSetAndPublished() {
    String feed = GraphStubs.feed(account);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(feed)).inScenario("cluster-" + account.id())
        .whenScenarioStateIs(STARTED).willReturn(GraphStubs.error(500, 2, null, "Service temporarily unavailable"))
        .willSetStateTo("recovered"));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(feed)).inScenario("cluster-" + account.id())
        .whenScenarioStateIs("recovered").willReturn(GraphStubs.json("{\"id\":\"" + account.externalId() + "_r\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v21.0/" + account.externalId() + "_r"))
        .willReturn(GraphStubs.json("{\"success\":true}")));
    JobMessage job = Jobs.job(account, Jobs.text("Try again on a cluster"));

    String entryId = worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId())
        .isEqualTo(account.externalId() + "_r");
    assertThat(worker.results(job.targetId())).extracting(ResultMessage::outcome)
        .containsExactly(ResultOutcome.RETRY_SCHEDULED, ResultOutcome.PUBLISHED);
    PlatformFakes.wireMock().verify(2, postRequestedFor(urlPathEqualTo(feed)));
    // the first entry was acknowledged with its RETRY_SCHEDULED result, and the chain's marker is gone at the end
    assertThat(redis.stream(String.class).xpending(Priority.NORMAL.streamKey(), StreamKeys.PUBLISHERS_GROUP,
        StreamRange.of(entryId, entryId), 1)).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> !redis.key().exists(StreamKeys.activeMarker(job.targetId())));
  }

  @Test
  void jobsOfEveryPriorityArePublished() {
    GraphStubs.createsAndPublishes(account);
    List<JobMessage> jobs = List.of(Jobs.job(account, Jobs.text("low")), Jobs.job(account, Jobs.text("normal")),
        Jobs.job(account, Jobs.text("high")));

    worker.enqueue(Priority.LOW, jobs.get(0));
    worker.enqueue(Priority.NORMAL, jobs.get(1));
    worker.enqueue(Priority.HIGH, jobs.get(2));

    jobs.forEach(job -> worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED));
    // each ended through the finish script, not through the dead-letter path a refused script falls back to
    assertThat(jobs).noneMatch(job -> worker.deadLettered(job.targetId()));
  }

  @Test
  void anEntryLeftPendingByACrashedConsumerIsClaimedAndPublished() {
    GraphStubs.createsAndPublishes(account);
    JobMessage job = Jobs.job(account, Jobs.text("Claimed " + UUID.randomUUID()));

    worker.abandon(job, 1);

    worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(worker.deadLettered(job.targetId())).isFalse();
  }

  @Test
  void aJobDeliveredTooOftenIsDeadLetteredAndItsReplayIsPublished() {
    GraphStubs.createsAndPublishes(account);
    JobMessage job = Jobs.job(account, Jobs.text("Poison " + UUID.randomUUID()));
    worker.abandon(job, 5);
    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.FAILED).errorCode()).isEqualTo("job_failed");

    String admin = TestJwt.token(account.tenantId(), Roles.ADMIN);
    String entryId = given().auth().oauth2(admin).when().get("/api/v1/queues/dead").then().statusCode(200)
        .extract().path("items.find { it.targetId == '" + job.targetId() + "' }.entryId");
    given().auth().oauth2(admin).when().post("/api/v1/queues/dead/" + entryId + "/replay").then().statusCode(202);

    worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
  }

  @Test
  void aDelayedJobNamingNoJobStreamIsDeadLettered() {
    String member = "{\"stream\":\"herald:{jobs}:results\",\"fields\":{\"targetId\":\"" + UUID.randomUUID() + "\"}}";

    redis.sortedSet(String.class).zadd(StreamKeys.DELAYED, System.currentTimeMillis(), member);

    await().atMost(Duration.ofSeconds(10)).until(() -> redis.stream(String.class)
        .xrevrange(StreamKeys.DEAD, StreamRange.of("+", "-"), 20).stream()
        .anyMatch(m -> member.equals(m.payload().get("raw"))));
    assertThat(redis.sortedSet(String.class).zscore(StreamKeys.DELAYED, member)).isEmpty();
  }

  @Test
  void aJobLeftUnderTheOldKeysIsMovedAndPublished() {
    GraphStubs.createsAndPublishes(account);
    JobMessage job = Jobs.job(account, Jobs.text("From before the hash tag"));
    worker.enqueueFields("herald:jobs:normal", job.toFields());

    assertThat(StreamKeysUpgrade.run(redis)).isEqualTo(1);

    worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(worker.deadLettered(job.targetId())).isFalse();
    assertThat(redis.key().exists("herald:jobs:normal")).isFalse();
  }

  @Test
  void tiktokCallsBeyondATokensMinuteWait() {
    String token = "cluster-token-" + UUID.randomUUID();

    assertThat(tiktokLimits.acquire(token, TikTokRateLimiter.Endpoint.INIT, 2)).isEmpty();
    assertThat(tiktokLimits.acquire(token, TikTokRateLimiter.Endpoint.INIT, 2)).isEmpty();
    assertThat(tiktokLimits.acquire(token, TikTokRateLimiter.Endpoint.INIT, 2)).isPresent();
  }
}
