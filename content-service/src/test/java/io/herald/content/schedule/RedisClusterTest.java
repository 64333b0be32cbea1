package io.herald.content.schedule;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.createId;
import static io.herald.content.support.Posts.facebook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.config.ContentConfig;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Streams;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * content-service on a Redis Cluster of three masters, through each of its multi-key paths: the relay's pipeline of
 * job marker and XADD, the results consumer (read, XACK), the reconciler's MGET of many markers, and the per-tenant
 * rate limit's script. Without the {@code {jobs}} hash tag the pipeline and the MGET span slots and fail.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class,
    initArgs = @ResourceArg(name = HeraldInfraResource.REDIS_CLUSTER, value = "true"))
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class RedisClusterTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);

  @Inject
  RedisDataSource redis;
  @Inject
  ContentConfig config;

  @Test
  void aPostIsRelayedWithItsMarkerAndItsPublishedResultApplied() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String postId = createId(editor, facebook(account));
    UUID targetId = queuedWithJob(postId);
    assertThat(redis.value(String.class).get(StreamKeys.activeMarker(targetId))).isEqualTo("queued");

    Streams.sendResult(redis, ResultMessage.published(targetId, 1, "123_456", "https://facebook.com/123_456",
        Instant.now()));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(editor).get("/api/v1/posts/" + postId).then()
        .body("status", equalTo("PUBLISHED")).body("targets[0].externalId", equalTo("123_456")));
  }

  @Test
  void theReconcilerFindsALostJobAmongLiveOnesAndEnqueuesItAgain() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    UUID live = queuedWithJob(createId(editor, facebook(account)));
    UUID lost = queuedWithJob(createId(editor, facebook(account)));

    redis.key().del(StreamKeys.activeMarker(lost));

    await().atMost(config.reconcileAfter().plusSeconds(15))
        .until(() -> Streams.jobsFor(redis, Priority.NORMAL.streamKey(), lost.toString()).size() == 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.key().exists(StreamKeys.activeMarker(lost)));
    assertThat(Streams.jobsFor(redis, Priority.NORMAL.streamKey(), live.toString())).hasSize(1);
  }

  @Test
  void writesBeyondTheTenantsBucketAre429() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    int refused = 0;
    for (int i = 0; i < config.rateLimit().capacity() * 3 && refused == 0; i++) {
      refused += as(editor).body(facebook(account)).post("/api/v1/posts:validate").statusCode() == 429 ? 1 : 0;
    }
    assertThat(refused).as("a write beyond the bucket is refused").isEqualTo(1);
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
