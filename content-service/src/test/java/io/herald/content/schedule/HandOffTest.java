package io.herald.content.schedule;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.createId;
import static io.herald.content.support.Posts.facebook;
import static io.herald.content.support.Posts.tiktokVideo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.herald.common.db.Sql;
import io.herald.common.security.Roles;
import io.herald.common.stream.ContractFixtures;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Platform;
import io.herald.common.stream.Priority;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.config.ContentConfig;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Streams;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class HandOffTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);

  @Inject
  RedisDataSource redis;
  @Inject
  DueTargetScheduler scheduler;
  @Inject
  Reconciler reconciler;
  @Inject
  ContentConfig config;
  @Inject
  Sql sql;

  @Test
  void aDuePostsJobArrivesInItsPriorityStreamInContractShapeWithTheRequestsTraceparent() {
    UUID account = AuthServiceMock.active(tenant, Platform.TIKTOK);
    String traceId = UUID.randomUUID().toString().replace("-", "");
    String id = as(editor).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
        .body(tiktokVideo(account).replace("\"targets\"", "\"priority\":\"HIGH\",\"targets\""))
        .post("/api/v1/posts").then().statusCode(201).extract().path("id");
    String targetId = as(editor).get("/api/v1/posts/" + id).then().extract().path("targets[0].id");

    await().atMost(Duration.ofSeconds(10))
        .until(() -> !Streams.jobsFor(redis, Priority.HIGH.streamKey(), targetId).isEmpty());
    var raw = Streams.jobsFor(redis, Priority.HIGH.streamKey(), targetId);
    assertThat(raw).hasSize(1);
    assertThat(raw.get(0).keySet()).isEqualTo(ContractFixtures.load("job-facebook-link.json").keySet());
    JobMessage job = JobMessage.fromFields(raw.get(0));
    assertThat(job.postId().toString()).isEqualTo(id);
    assertThat(job.tenantId()).isEqualTo(tenant);
    assertThat(job.attempt()).isEqualTo(1);
    assertThat(job.platform()).isEqualTo(Platform.TIKTOK);
    assertThat(job.socialAccountId()).isEqualTo(account);
    assertThat(job.traceparent()).contains(traceId);
    assertThat(job.payload().text()).isEqualTo("Launch day! #herald");
    assertThat(job.payload().media()).hasSize(1);
    assertThat(job.payload().options().privacyLevel()).isEqualTo("PUBLIC_TO_EVERYONE");
    assertThat(job.payload().options().disableDuet()).isTrue();

    as(editor).get("/api/v1/posts/" + id).then().body("status", equalTo("PUBLISHING"))
        .body("targets[0].status", equalTo("QUEUED")).body("targets[0].attempts", equalTo(1));
    // once queued, the post can no longer be changed or cancelled
    as(editor).body("{\"text\":\"too late\"}").patch("/api/v1/posts/" + id).then().statusCode(409)
        .contentType("application/problem+json");
    as(editor).delete("/api/v1/posts/" + id).then().statusCode(409);
  }

  @Test
  void concurrentSchedulersNeverQueueOneTargetTwice() throws Exception {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String due = Instant.now().plusSeconds(2).toString();
    List<String> postIds = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      postIds.add(createId(editor, facebook(account).replace("\"targets\"",
          "\"scheduledAt\":\"" + due + "\",\"targets\"")));
    }
    // two more scheduler instances race the service's own loop as the posts come due
    try (var pool = Executors.newFixedThreadPool(2)) {
      List<Future<Integer>> racers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        racers.add(pool.submit(() -> {
          int queued = 0;
          Instant until = Instant.now().plusSeconds(6);
          while (Instant.now().isBefore(until)) {
            queued += scheduler.queueDue(Instant.now());
          }
          return queued;
        }));
      }
      for (var racer : racers) {
        racer.get();
      }
    }
    for (String postId : postIds) {
      String targetId = as(editor).get("/api/v1/posts/" + postId).then().body("targets[0].attempts", equalTo(1))
          .extract().path("targets[0].id");
      assertThat(sql.count("select count(*) from outbox where target_id = ?", UUID.fromString(targetId)))
          .as("outbox rows of target %s", targetId).isEqualTo(1);
      await().atMost(Duration.ofSeconds(10))
          .until(() -> !Streams.jobsFor(redis, Priority.NORMAL.streamKey(), targetId).isEmpty());
      assertThat(Streams.jobsFor(redis, Priority.NORMAL.streamKey(), targetId)).hasSize(1);
    }
  }

  @Test
  void theRelaySetsTheTargetsJobMarkerWithATtl() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    UUID targetId = queuedWithJob(createId(editor, facebook(account)));

    String marker = StreamKeys.activeMarker(targetId);
    assertThat(redis.value(String.class).get(marker)).isEqualTo("queued");
    assertThat(redis.key().pttl(marker)).isPositive().isLessThanOrEqualTo(config.queuedMarkerTtl().toMillis());
  }

  @Test
  void theReconcilerLeavesALiveJobAloneAndBringsBackALostOneWithinReconcileAfter() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String liveId = createId(editor, facebook(account));
    String lostId = createId(editor, facebook(account));
    UUID live = queuedWithJob(liveId);
    UUID lost = queuedWithJob(lostId);

    // the live job sits in the stream (its marker is there) far past the bound: it is never enqueued again
    sql.update("update post_targets set status_changed_at = ? where id = ?", Instant.parse("2000-01-01T00:00:00Z"),
        live);
    reconciler.requeueLost(Instant.now());
    assertThat(outboxRows(live)).isEqualTo(1);

    // Redis loses the other job (restarted empty): its marker is gone; within reconcile-after it is enqueued again
    redis.key().del(StreamKeys.activeMarker(lost));
    await().atMost(config.reconcileAfter().plusSeconds(15))
        .until(() -> Streams.jobsFor(redis, Priority.NORMAL.streamKey(), lost.toString()).size() == 2);
    var jobs = Streams.parsedJobsFor(redis, Priority.NORMAL.streamKey(), lost.toString());
    assertThat(jobs).extracting(JobMessage::attempt).containsExactly(1, 1);
    assertThat(jobs).extracting(JobMessage::resendConfirmed).containsExactly(false, false);
    assertThat(jobs.get(0).jobId()).isNotEqualTo(jobs.get(1).jobId());
    // the relay marked it again, so it is left alone from now on
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.key().exists(StreamKeys.activeMarker(lost)));
    as(editor).get("/api/v1/posts/" + lostId).then().body("targets[0].status", equalTo("QUEUED"))
        .body("targets[0].attempts", equalTo(1));
    assertThat(outboxRows(lost)).isEqualTo(2);
    // meanwhile the reconciler's own rounds passed over the live one again and again
    assertThat(outboxRows(live)).isEqualTo(1);
    assertThat(Streams.jobsFor(redis, Priority.NORMAL.streamKey(), live.toString())).hasSize(1);
  }

  private long outboxRows(UUID targetId) {
    return sql.count("select count(*) from outbox where target_id = ?", targetId);
  }

  /** Waits until the post's (only) target is QUEUED and its job is in the normal stream; answers the target id. */
  private UUID queuedWithJob(String postId) {
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "QUEUED".equals(as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].status")));
    String targetId = as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].id");
    await().atMost(Duration.ofSeconds(10))
        .until(() -> Streams.jobsFor(redis, Priority.NORMAL.streamKey(), targetId).size() == 1);
    return UUID.fromString(targetId);
  }
}
