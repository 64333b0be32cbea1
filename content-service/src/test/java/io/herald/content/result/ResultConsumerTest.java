package io.herald.content.result;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.createId;
import static io.herald.content.support.Posts.facebook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.herald.common.security.Roles;
import io.herald.common.stream.ContractFixtures;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Platform;
import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Streams;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class ResultConsumerTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);

  @Inject
  RedisDataSource redis;

  String postId;
  UUID targetId;

  @BeforeEach
  void queuedPost() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    postId = createId(editor, facebook(account));
    await().atMost(Duration.ofSeconds(10)).until(() -> "QUEUED".equals(target("status")));
    targetId = UUID.fromString(target("id"));
  }

  @Test
  void aFixtureShapedPublishedResultPublishesTheTarget() {
    var fields = new HashMap<>(ContractFixtures.load("result-published.json"));
    fields.put("targetId", targetId.toString());
    Streams.send(redis, fields);

    await().atMost(Duration.ofSeconds(10)).until(() -> "PUBLISHED".equals(target("status")));
    as(editor).get("/api/v1/posts/" + postId).then()
        .body("status", equalTo("PUBLISHED"))
        .body("targets[0].externalId", equalTo(fields.get("externalId")))
        .body("targets[0].externalUrl", equalTo(fields.get("externalUrl")))
        .body("targets[0].publishedAt", equalTo(fields.get("at")));
    as(editor).get("/api/v1/posts/" + postId + "/attempts").then().body("", hasSize(1))
        .body("[0].outcome", equalTo("PUBLISHED")).body("[0].applied", equalTo(true));
  }

  @Test
  void aFixtureShapedFailedResultFailsTheTargetWithItsError() {
    var fields = new HashMap<>(ContractFixtures.load("result-failed.json"));
    fields.put("targetId", targetId.toString());
    fields.put("attempt", "1");
    Streams.send(redis, fields);

    await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(target("status")));
    as(editor).get("/api/v1/posts/" + postId).then().body("status", equalTo("FAILED"))
        .body("targets[0].lastError.code", equalTo(fields.get("errorCode")))
        .body("targets[0].lastError.message", equalTo(fields.get("errorMessage")));
  }

  @Test
  void resultsArrivingOutOfOrderNeverMoveATargetBackwards() {
    Instant t0 = Instant.now();
    Streams.sendResult(redis, ResultMessage.published(targetId, 1, "123_456", "https://facebook.com/123_456",
        t0.plusSeconds(2)));
    Streams.sendResult(redis, ResultMessage.failure(targetId, 1, ResultOutcome.RETRY_SCHEDULED, "facebook:2",
        "temporary", t0));
    Streams.sendResult(redis, new ResultMessage(targetId, 1, ResultOutcome.PROCESSING, null, null, null, null,
        t0.plusSeconds(1), null));

    await().atMost(Duration.ofSeconds(10)).until(() ->
        as(editor).get("/api/v1/posts/" + postId + "/attempts").then().extract().<List<?>>path("").size() == 3);
    as(editor).get("/api/v1/posts/" + postId).then().body("targets[0].status", equalTo("PUBLISHED"))
        .body("targets[0].externalId", equalTo("123_456")).body("targets[0].lastError", equalTo(null));
    as(editor).get("/api/v1/posts/" + postId + "/attempts").then()
        .body("outcome", equalTo(List.of("PUBLISHED", "RETRY_SCHEDULED", "PROCESSING")))
        .body("applied", equalTo(List.of(true, false, false)));
  }

  @Test
  void retryQueuesAFailedTargetWithTheNextAttemptAndIgnoresTheOlderAttemptsLateResults() {
    Streams.sendResult(redis, ResultMessage.failure(targetId, 1, ResultOutcome.FAILED, "facebook:100", "bad param",
        Instant.now()));
    await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(target("status")));

    as(editor).post("/api/v1/posts/" + postId + "/retry").then().statusCode(200)
        .body("status", equalTo("PUBLISHING")).body("targets[0].status", equalTo("QUEUED"))
        .body("targets[0].attempts", equalTo(2)).body("targets[0].lastError", equalTo(null));
    await().atMost(Duration.ofSeconds(10)).until(() -> Streams.parsedJobsFor(redis, Priority.NORMAL.streamKey(),
        targetId.toString()).stream().anyMatch(job -> job.attempt() == 2));
    assertThat(Streams.parsedJobsFor(redis, Priority.NORMAL.streamKey(), targetId.toString()))
        .extracting(JobMessage::attempt).containsExactly(1, 2);

    // a late result of attempt 1 does not touch attempt 2
    Streams.sendResult(redis, ResultMessage.published(targetId, 1, "old", "https://facebook.com/old", Instant.now()));
    Streams.sendResult(redis, new ResultMessage(targetId, 2, ResultOutcome.PROCESSING, null, null, null, null,
        Instant.now(), null));
    await().atMost(Duration.ofSeconds(10)).until(() -> "PUBLISHING".equals(target("status")));
    as(editor).get("/api/v1/posts/" + postId + "/attempts").then().body("attempt", equalTo(List.of(1, 1, 2)))
        .body("applied", equalTo(List.of(true, false, true)));
    as(editor).get("/api/v1/posts/" + postId).then().body("targets[0].externalId", equalTo(null));
  }

  @Test
  void needsReauthFailsTheTargetWithItsOwnCode() {
    Streams.sendResult(redis, ResultMessage.failure(targetId, 1, ResultOutcome.NEEDS_REAUTH, "facebook:190/460",
        "password changed", Instant.now()));
    await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(target("status")));
    as(editor).get("/api/v1/posts/" + postId).then().body("targets[0].lastError.code", equalTo("needs_reauth"))
        .body("targets[0].lastError.message", equalTo("password changed"));
  }

  @Test
  void aDeadLetterFailureOrNeedsReauthAfterPublishedLeavesTheTargetPublished() {
    Instant t0 = Instant.now();
    Streams.sendResult(redis, ResultMessage.published(targetId, 1, "1_7", "https://facebook.com/1_7", t0));
    await().atMost(Duration.ofSeconds(10)).until(() -> "PUBLISHED".equals(target("status")));
    Streams.sendResult(redis, ResultMessage.failure(targetId, 1, ResultOutcome.FAILED, "dead_letter",
        "given up after too many deliveries", t0.plusSeconds(1)));
    Streams.sendResult(redis, ResultMessage.failure(targetId, 2, ResultOutcome.NEEDS_REAUTH, "facebook:190",
        "token expired", t0.plusSeconds(2)));

    awaitAttempts(3);
    as(editor).get("/api/v1/posts/" + postId).then().body("status", equalTo("PUBLISHED"))
        .body("targets[0].status", equalTo("PUBLISHED")).body("targets[0].externalId", equalTo("1_7"))
        .body("targets[0].lastError", equalTo(null)).body("targets[0].attempts", equalTo(1));
    as(editor).get("/api/v1/posts/" + postId + "/attempts").then()
        .body("applied", equalTo(List.of(true, false, false)));
  }

  @Test
  void thePlatformsWordThatItPublishedBeatsAFailureOfTheSameAttempt() {
    Instant t0 = Instant.now();
    Streams.sendResult(redis, ResultMessage.failure(targetId, 1, ResultOutcome.FAILED, "facebook:timeout",
        "no answer in time", t0));
    await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(target("status")));
    Streams.sendResult(redis, ResultMessage.published(targetId, 1, "1_8", "https://facebook.com/1_8",
        t0.plusSeconds(1)));

    await().atMost(Duration.ofSeconds(10)).until(() -> "PUBLISHED".equals(target("status")));
    as(editor).get("/api/v1/posts/" + postId).then().body("status", equalTo("PUBLISHED"))
        .body("targets[0].externalId", equalTo("1_8")).body("targets[0].lastError", equalTo(null));
    as(editor).get("/api/v1/posts/" + postId + "/attempts").then().body("applied", equalTo(List.of(true, true)));
  }

  @Test
  void malformedOrUnknownVersionResultsGoToTheDeadLetterStreamAndTheConsumerCarriesOn() {
    var unknownVersion = new HashMap<>(ResultMessage.published(targetId, 1, "x", "y", Instant.now()).toFields());
    unknownVersion.put("v", "99");
    var garbled = new HashMap<>(ResultMessage.published(targetId, 1, "x", "y", Instant.now()).toFields());
    garbled.put("attempt", "one");
    Streams.send(redis, unknownVersion);
    Streams.send(redis, garbled);
    Streams.sendResult(redis, ResultMessage.published(targetId, 1, "good", "https://facebook.com/good", Instant.now()));

    await().atMost(Duration.ofSeconds(10)).until(() -> "PUBLISHED".equals(target("status")));
    as(editor).get("/api/v1/posts/" + postId).then().body("targets[0].externalId", equalTo("good"));
    var dead = Streams.recent(redis, ResultConsumer.DEAD).stream()
        .filter(f -> targetId.toString().equals(f.get("targetId"))).toList();
    assertThat(dead).hasSize(2);
    assertThat(dead).extracting(f -> f.get("reason")).allMatch(reason -> reason != null && !reason.isBlank());
  }

  private void awaitAttempts(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() ->
        as(editor).get("/api/v1/posts/" + postId + "/attempts").then().extract().<List<?>>path("").size() == count);
  }

  private String target(String field) {
    return as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0]." + field);
  }
}
