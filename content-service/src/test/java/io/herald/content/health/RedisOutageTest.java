package io.herald.content.health;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.createId;
import static io.herald.content.support.Posts.facebook;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.herald.common.db.Sql;
import io.herald.common.security.Roles;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Platform;
import io.herald.common.stream.Priority;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.schedule.Reconciler;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Streams;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Redis taken away (a real network cut through a proxy) while posts are created and come due, then restored. */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, initArgs = @ResourceArg(name = "proxyRedis", value = "true"))
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class RedisOutageTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);

  /** Reads the streams as publisher-worker would (through the proxy, so only while it is connected). */
  @Inject
  RedisDataSource redis;
  @Inject
  Reconciler reconciler;
  @Inject
  Sql sql;

  @AfterEach
  void restore() {
    HeraldInfraResource.redisProxy().reconnect();
  }

  @Test
  void theReconcilerSkipsItsRoundWhileRedisIsAwayAndLooksAgainOnceItIsBack() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String postId = createId(editor, facebook(account));
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "QUEUED".equals(as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].status")));
    String targetId = as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].id");
    await().atMost(Duration.ofSeconds(10))
        .until(() -> !Streams.jobsFor(redis, Priority.NORMAL.streamKey(), targetId).isEmpty());
    // its marker gone and long in flight: a lost job, but whether it is lost cannot be known without Redis
    redis.key().del(StreamKeys.activeMarker(UUID.fromString(targetId)));
    HeraldInfraResource.redisProxy().disconnect();
    sql.update("update post_targets set status_changed_at = ? where id = ?", Instant.parse("2000-01-01T00:00:00Z"),
        UUID.fromString(targetId));

    assertThat(reconciler.requeueLost(Instant.now())).isZero();
    assertThat(sql.count("select count(*) from outbox where target_id = ?", UUID.fromString(targetId))).isEqualTo(1);

    HeraldInfraResource.redisProxy().reconnect();
    await().atMost(Duration.ofSeconds(20))
        .until(() -> Streams.jobsFor(redis, Priority.NORMAL.streamKey(), targetId).size() == 2);
  }

  @Test
  void postsAreAcceptedWhileRedisIsDownAndEveryJobArrivesExactlyOnceWhenItReturns() {
    given().get("/q/health/ready").then().statusCode(200);
    HeraldInfraResource.redisProxy().disconnect();

    // readiness goes DOWN, liveness stays UP
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503));
    given().get("/q/health/live").then().statusCode(200);

    // posts are still accepted (account look-ups fall back past the Redis cache tier; the rate limiter fails open)
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    List<String> postIds = new ArrayList<>();
    String soon = Instant.now().plusSeconds(1).toString();
    for (int i = 0; i < 8; i++) {
      String body = i % 2 == 0 ? facebook(account)
          : facebook(account).replace("\"targets\"", "\"scheduledAt\":\"" + soon + "\",\"targets\"");
      postIds.add(createId(editor, body.replace("Launch day!", "Outage post " + i)));
    }
    // they come due and are queued; their jobs wait in the outbox
    await().atMost(Duration.ofSeconds(15)).until(() -> postIds.stream().allMatch(id ->
        "QUEUED".equals(as(editor).get("/api/v1/posts/" + id).then().extract().path("targets[0].status"))));
    given().get("/q/health/ready").then().statusCode(503)
        .body("checks.find { it.name == 'hand-off' }.data.outboxBacklog",
            org.hamcrest.Matchers.greaterThanOrEqualTo(8));
    List<String> targetIds = postIds.stream()
        .map(id -> as(editor).get("/api/v1/posts/" + id).then().extract().<String>path("targets[0].id")).toList();
    given().get("/q/health/live").then().statusCode(200);

    HeraldInfraResource.redisProxy().reconnect();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    await().atMost(Duration.ofSeconds(20)).until(() -> targetIds.stream()
        .allMatch(t -> !Streams.jobsFor(redis, Priority.NORMAL.streamKey(), t).isEmpty()));
    for (String targetId : targetIds) {
      List<JobMessage> jobs = Streams.parsedJobsFor(redis, Priority.NORMAL.streamKey(), targetId);
      assertThat(jobs).as("jobs of target %s", targetId).hasSize(1);
      assertThat(jobs.get(0).attempt()).isEqualTo(1);
    }
    // in order: the posts that were due at once arrive in the order they were created
    List<String> inStream = Streams.recent(redis, Priority.NORMAL.streamKey()).stream()
        .map(fields -> fields.get("targetId")).filter(targetIds::contains).toList();
    assertThat(inStream).hasSize(targetIds.size());
    List<String> immediate = List.of(targetIds.get(0), targetIds.get(2), targetIds.get(4), targetIds.get(6));
    assertThat(inStream.stream().filter(immediate::contains).toList()).isEqualTo(immediate);

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).containsPattern("herald_cache_redis_operations_total\\{.*result=\"error\".*} [1-9]");
    as(editor).get("/api/v1/posts/" + postIds.get(0)).then().body("status", equalTo("PUBLISHING"));
  }
}
