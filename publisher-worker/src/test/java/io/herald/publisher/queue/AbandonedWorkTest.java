package io.herald.publisher.queue;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.herald.common.security.Roles;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.FastRecoveryProfile;
import io.herald.publisher.support.GraphStubs;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.redis.datasource.RedisDataSource;
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

/** Work a crashed consumer left pending is claimed; a job delivered too often is dead-lettered and can be replayed. */
@QuarkusTest
@TestProfile(FastRecoveryProfile.class)
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class AbandonedWorkTest {
  @Inject
  Worker worker;

  @Inject
  RedisDataSource redis;

  @Inject
  CircuitBreakerMaintenance breakers;

  Account account;

  @BeforeEach
  void setUp() {
    breakers.resetAll();
    account = Account.facebook();
    Worker.credentialsFor(account);
    GraphStubs.createsAndPublishes(account);
  }

  @Test
  void anEntryLeftPendingByACrashedConsumerIsClaimedAndPublished() {
    JobMessage job = Jobs.job(account, Jobs.text("Claimed " + UUID.randomUUID()));
    worker.abandon(job, 1);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(result.externalId()).startsWith(account.externalId() + "_");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/v21.0/" + account.externalId() + "/feed")));
  }

  @Test
  void aJobDeliveredTooOftenIsDeadLetteredWithAFailedResultAndCanBeReplayedByItsTenant() {
    JobMessage job = Jobs.job(account, Jobs.text("Poison " + UUID.randomUUID()));
    worker.abandon(job, 5);

    ResultMessage failed = worker.awaitOutcome(job.targetId(), ResultOutcome.FAILED);
    assertThat(failed.errorCode()).isEqualTo("job_failed");
    assertThat(failed.errorMessage()).contains("delivered 6 times");
    PlatformFakes.wireMock().verify(0, postRequestedFor(urlPathEqualTo("/v21.0/" + account.externalId() + "/feed")));

    String admin = TestJwt.token(account.tenantId(), Roles.ADMIN);
    String entryId = given().auth().oauth2(admin).when().get("/api/v1/queues/dead")
        .then().statusCode(200)
        .body("items.targetId", hasItem(job.targetId().toString()))
        .extract().path("items.find { it.targetId == '" + job.targetId() + "' }.entryId");
    assertThat(entryId).isNotBlank();

    String otherTenant = TestJwt.token(UUID.randomUUID(), Roles.ADMIN);
    given().auth().oauth2(otherTenant).when().get("/api/v1/queues/dead")
        .then().statusCode(200).body("items.targetId", not(hasItem(job.targetId().toString())));
    // Found by EndpointFuzzTest: a blank limit was a null for a primitive parameter, a 500.
    given().auth().oauth2(admin).queryParam("limit", " ").when().get("/api/v1/queues/dead")
        .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
    given().auth().oauth2(otherTenant).when().post("/api/v1/queues/dead/" + entryId + "/replay")
        .then().statusCode(404).contentType("application/problem+json");
    given().auth().oauth2(TestJwt.token(account.tenantId(), Roles.EDITOR)).when()
        .post("/api/v1/queues/dead/" + entryId + "/replay")
        .then().statusCode(403).contentType("application/problem+json");

    given().auth().oauth2(admin).when().post("/api/v1/queues/dead/" + entryId + "/replay")
        .then().statusCode(202).body("targetId", equalTo(job.targetId().toString()));

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId())
        .startsWith(account.externalId() + "_");
    given().auth().oauth2(admin).when().post("/api/v1/queues/dead/" + entryId + "/replay")
        .then().statusCode(404);
  }

  @Test
  void aMalformedJobIsDeadLetteredNotCrashingTheWorker() {
    var fields = new java.util.LinkedHashMap<>(Jobs.job(account, Jobs.text("v2")).toFields());
    fields.put("v", "2");
    String entryId = worker.enqueueFields(Priority.HIGH.streamKey(), fields);

    await().atMost(Duration.ofSeconds(10)).until(() -> redis.stream(String.class)
        .xrange(StreamKeys.DEAD, io.quarkus.redis.datasource.stream.StreamRange.of("-", "+")).stream()
        .anyMatch(e -> entryId.equals(e.payload().get("sourceEntryId"))
            && e.payload().get("reason").contains("Unsupported message version")));
    // The worker keeps working.
    JobMessage next = Jobs.job(account, Jobs.text("After poison " + UUID.randomUUID()));
    worker.enqueue(next);
    worker.awaitOutcome(next.targetId(), ResultOutcome.PUBLISHED);
  }

  @Test
  void queueFiguresNeedAnAdminAndShowEveryStream() {
    given().when().get("/api/v1/queues").then().statusCode(401).contentType("application/problem+json");
    given().auth().oauth2(TestJwt.token(UUID.randomUUID(), Roles.VIEWER)).when().get("/api/v1/queues")
        .then().statusCode(403);
    given().auth().oauth2(TestJwt.token(UUID.randomUUID(), Roles.OWNER)).when().get("/api/v1/queues")
        .then().statusCode(200)
        .body("streams.stream",
            org.hamcrest.Matchers.contains("herald:{jobs}:high", "herald:{jobs}:normal", "herald:{jobs}:low"))
        .body("streams[0].depth", org.hamcrest.Matchers.greaterThanOrEqualTo(0))
        .body("delayed", org.hamcrest.Matchers.greaterThanOrEqualTo(0))
        .body("dead", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
    given().auth().oauth2(TestJwt.token(UUID.randomUUID(), Roles.ADMIN)).when()
        .post("/api/v1/queues/dead/not-an-id/replay").then().statusCode(404).contentType("application/problem+json");
    // Found by EndpointFuzzTest: an id of the right shape past Redis' 64-bit range was Redis' error, a 500.
    for (String tooLarge : List.of("18446744073709551616-0", "0-18446744073709551616",
        "99999999999999999999-99999999999999999999")) {
      given().auth().oauth2(TestJwt.token(UUID.randomUUID(), Roles.ADMIN)).when()
          .post("/api/v1/queues/dead/" + tooLarge + "/replay").then().statusCode(404)
          .contentType("application/problem+json");
    }
  }
}
