package io.herald.content.post;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.createId;
import static io.herald.content.support.Posts.facebook;
import static io.herald.content.support.Posts.tiktokVideo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.herald.common.db.Sql;
import io.herald.common.security.Roles;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.JobOperation;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.config.ContentConfig;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Concurrently;
import io.herald.content.support.Streams;
import io.herald.content.support.WebhookReceiver;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Editing and deleting a published Facebook post: the request records the operation and its job together and
 * answers 202, once per {@code Idempotency-Key}; the worker's result settles it once (text or DELETED) and tells the
 * tenant's webhooks; a job Redis lost is handed off again; a token refused is the account needing reauth; TikTok and
 * unpublished targets are refused with a problem saying why.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class EditAndDeleteTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);
  final String owner = TestJwt.token(tenant, Roles.OWNER);

  @Inject
  RedisDataSource redis;
  @Inject
  Sql sql;
  @Inject
  ContentConfig config;

  WebhookReceiver receiver;
  UUID account;
  String postId;
  UUID targetId;

  @BeforeEach
  void publishedPost() {
    receiver = WebhookReceiver.start();
    account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    postId = createId(editor, facebook(account));
    await().atMost(Duration.ofSeconds(10)).until(() -> "QUEUED".equals(target("status")));
    targetId = UUID.fromString(target("id"));
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop();
  }

  @Test
  void anEditOfAPublishedPostIsQueuedOnceAndItsResultSetsTheText() {
    receiver.subscribe(owner, "post.target_edited", "post.target_operation_failed");
    published();
    String etag = as(editor).get(postPath()).then().extract().header("ETag");
    as(editor).header("If-Match", "\"999\"").body("{\"text\":\"Updated\"}").post(path("edit")).then().statusCode(412);

    String operationId = as(editor).header("If-Match", etag).body("{\"text\":\"Launch day, updated\"}")
        .post(path("edit")).then().statusCode(202)
        .body("targets[0].status", equalTo("PUBLISHED"))
        .body("targets[0].operation.kind", equalTo("EDIT"))
        .body("targets[0].operation.status", equalTo("PENDING"))
        .body("targets[0].operation.text", equalTo("Launch day, updated"))
        .extract().path("targets[0].operation.id");
    // a second operation waits for the first
    as(editor).post(path("unpublish")).then().statusCode(409).body("type", equalTo(
        "https://herald.dev/problems/operation-pending"));

    await().atMost(Duration.ofSeconds(10)).until(() -> jobs().size() == 2);
    JobMessage job = jobs().get(1);
    assertThat(job.operation()).isEqualTo(new JobOperation(JobOperation.Kind.EDIT, UUID.fromString(operationId)));
    assertThat(job.payload().text()).isEqualTo("Launch day, updated");

    var done = ResultMessage.published(targetId, 1, null, null, Instant.now()).forOperation(job.operation());
    Streams.sendResult(redis, done);
    Streams.sendResult(redis, done);
    await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(target("operation.status")));
    as(editor).get(postPath()).then().body("targets[0].text", equalTo("Launch day, updated"))
        .body("targets[0].status", equalTo("PUBLISHED")).body("status", equalTo("PUBLISHED"));

    await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.hooks().isEmpty());
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> receiver.hooks().size() == 1);
    JsonPath hook = new JsonPath(receiver.hooks().get(0).getBodyAsString());
    assertThat(hook.getString("type")).isEqualTo("post.target_edited");
    assertThat(hook.getString("data.operationId")).isEqualTo(operationId);
    assertThat(hook.getString("data.text")).isEqualTo("Launch day, updated");
    await().atMost(Duration.ofSeconds(10)).until(() -> as(editor).get(postPath() + "/attempts").then().extract()
        .<List<String>>path("operation").contains("EDIT"));
  }

  @Test
  void aDeleteMovesTheTargetToDeletedWhenTheWorkerSaysItIsDone() {
    receiver.subscribe(owner, "post.target_deleted");
    published();
    as(editor).post(path("unpublish")).then().statusCode(202)
        .body("targets[0].operation.kind", equalTo("DELETE")).body("targets[0].operation.status", equalTo("PENDING"));
    await().atMost(Duration.ofSeconds(10)).until(() -> jobs().size() == 2);
    JobMessage job = jobs().get(1);
    assertThat(job.kind()).isEqualTo(JobOperation.Kind.DELETE);

    // a result of another operation changes nothing
    Streams.sendResult(redis, ResultMessage.published(targetId, 1, null, null, Instant.now())
        .forOperation(new JobOperation(JobOperation.Kind.DELETE, UUID.randomUUID())));
    Streams.sendResult(redis, ResultMessage.published(targetId, 1, null, null, Instant.now())
        .forOperation(job.operation()));
    await().atMost(Duration.ofSeconds(10)).until(() -> "DELETED".equals(target("status")));
    as(editor).get(postPath()).then().body("status", equalTo("DELETED"))
        .body("targets[0].deletedAt", notNullValue()).body("targets[0].operation.status", equalTo("DONE"));
    as(editor).get("/api/v1/posts?status=DELETED").then().statusCode(200).body("items[0].id", equalTo(postId));
    await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.hooks().isEmpty());
    assertThat(new JsonPath(receiver.hooks().get(0).getBodyAsString()).getString("type"))
        .isEqualTo("post.target_deleted");
    // a deleted target is no longer published: nothing more to edit or delete
    as(editor).body("{\"text\":\"Too late\"}").post(path("edit")).then().statusCode(409)
        .body("type", equalTo("https://herald.dev/problems/target-not-published"));
  }

  @Test
  void aFailedOperationLeavesThePostAsItWasAndSaysWhy() {
    receiver.subscribe(owner, "post.target_operation_failed");
    published();
    as(editor).body("{\"text\":\"Refused\"}").post(path("edit")).then().statusCode(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> jobs().size() == 2);
    Streams.sendResult(redis, ResultMessage.failure(targetId, 1, ResultOutcome.FAILED, "facebook:200",
        "Permissions error", Instant.now()).forOperation(jobs().get(1).operation()));

    await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(target("operation.status")));
    as(editor).get(postPath()).then().body("targets[0].text", equalTo(null))
        .body("targets[0].operation.error.code", equalTo("facebook:200"))
        .body("targets[0].status", equalTo("PUBLISHED"));
    await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.hooks().isEmpty());
    assertThat(new JsonPath(receiver.hooks().get(0).getBodyAsString()).getString("type"))
        .isEqualTo("post.target_operation_failed");
  }

  @Test
  void onlyAPublishedTargetCanBeChangedAndTheTextIsCheckedLikeACreate() {
    as(editor).body("{\"text\":\"Not yet\"}").post(path("edit")).then().statusCode(409)
        .body("type", equalTo("https://herald.dev/problems/target-not-published"));
    published();
    as(editor).body("{\"text\":\"" + "x".repeat(63_207) + "\"}").post(path("edit")).then().statusCode(422)
        .body("errors[0].field", equalTo("text"));
    as(editor).body("{}").post(path("edit")).then().statusCode(422);
    as(editor).post("/api/v1/posts/" + postId + "/targets/" + UUID.randomUUID() + "/unpublish").then()
        .statusCode(404);
    // another tenant's post reads as absent
    as(TestJwt.token(UUID.randomUUID(), Roles.EDITOR)).post(path("unpublish")).then().statusCode(404);
  }

  @Test
  void tikTokCannotEditOrDeleteAPublishedPost() {
    UUID creator = AuthServiceMock.active(tenant, Platform.TIKTOK);
    String tiktokPost = createId(editor, tiktokVideo(creator));
    await().atMost(Duration.ofSeconds(10)).until(() -> "QUEUED".equals(as(editor).get("/api/v1/posts/" + tiktokPost)
        .then().extract().path("targets[0].status")));
    String tiktokTarget = as(editor).get("/api/v1/posts/" + tiktokPost).then().extract().path("targets[0].id");
    Streams.sendResult(redis, ResultMessage.published(UUID.fromString(tiktokTarget), 1, "v1", null, Instant.now()));
    await().atMost(Duration.ofSeconds(10)).until(() -> "PUBLISHED".equals(as(editor)
        .get("/api/v1/posts/" + tiktokPost).then().extract().path("targets[0].status")));

    String base = "/api/v1/posts/" + tiktokPost + "/targets/" + tiktokTarget;
    as(editor).post(base + "/unpublish").then().statusCode(422)
        .body("type", equalTo("https://herald.dev/problems/operation-not-supported"))
        .body("detail", org.hamcrest.Matchers.containsString("TikTok"));
    as(editor).body("{\"text\":\"New\"}").post(base + "/edit").then().statusCode(422);
  }

  @Test
  void aRetriedEditWithItsIdempotencyKeyAnswersTheFirstResponseAndAsksForNothingAgain() {
    published();
    String key = UUID.randomUUID().toString();
    String etag = as(editor).get(postPath()).then().extract().header("ETag");
    var first = as(editor).header("If-Match", etag).header("Idempotency-Key", key)
        .body("{\"text\":\"Launch day, once\"}").post(path("edit")).then().statusCode(202).extract();
    assertThat(first.header("Idempotent-Replayed")).isNull();

    // the client lost the answer and sends the same request again: the If-Match it read is stale by now
    var again = as(editor).header("If-Match", etag).header("Idempotency-Key", key)
        .body("{\"text\":\"Launch day, once\"}").post(path("edit")).then().statusCode(202).extract();
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.body().asString()).isEqualTo(first.body().asString());
    assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));

    // the operation is settled; the same request again still only replays
    await().atMost(Duration.ofSeconds(10)).until(() -> jobs().size() == 2);
    Streams.sendResult(redis, ResultMessage.published(targetId, 1, null, null, Instant.now())
        .forOperation(jobs().get(1).operation()));
    await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(target("operation.status")));
    as(editor).header("Idempotency-Key", key).body("{\"text\":\"Launch day, once\"}").post(path("edit")).then()
        .statusCode(202).header("Idempotent-Replayed", "true")
        .body("targets[0].operation.id", equalTo(first.path("targets[0].operation.id")))
        .body("targets[0].operation.status", equalTo("PENDING"));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> jobs().size() == 2);
    as(editor).get(postPath()).then().body("targets[0].operation.status", equalTo("DONE"))
        .body("targets[0].operation.id", equalTo(first.path("targets[0].operation.id")));
  }

  @Test
  void theKeyOfAnEditWithAnotherRequestIsRefusedAsACreateRefusesIt() {
    published();
    String key = UUID.randomUUID().toString();
    as(editor).header("Idempotency-Key", key).body("{\"text\":\"First\"}").post(path("edit")).then()
        .statusCode(202);

    for (var other : List.<ExtractableResponse<Response>>of(
        as(editor).header("Idempotency-Key", key).body("{\"text\":\"Second\"}").post(path("edit")).then()
            .extract(),
        as(editor).header("Idempotency-Key", key).post(path("unpublish")).then().extract(),
        as(editor).header("Idempotency-Key", key).body(facebook(account)).post("/api/v1/posts").then().extract())) {
      assertThat(other.statusCode()).isEqualTo(422);
      assertThat(other.contentType()).startsWith("application/problem+json");
      assertThat(other.<String>path("type")).endsWith("/idempotency-key-reused");
    }
    assertThat(jobs()).hasSize(2);
    as(editor).header("Idempotency-Key", "x".repeat(256)).post(path("unpublish")).then().statusCode(400)
        .body("type", equalTo("https://herald.dev/problems/bad-parameter"));
  }

  @Test
  void twoConcurrentUnpublishRequestsWithOneKeyAskForOneDelete() throws Exception {
    published();
    String key = UUID.randomUUID().toString();
    var answers = Concurrently.atOnce(2, () -> as(editor).header("Idempotency-Key", key).post(path("unpublish")).then()
        .extract());
    assertThat(answers).extracting(ExtractableResponse::statusCode).containsOnly(202);
    assertThat(answers.get(0).<String>path("targets[0].operation.id"))
        .isEqualTo(answers.get(1).path("targets[0].operation.id"));
    await().atMost(Duration.ofSeconds(10)).until(() -> jobs().size() == 2);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> jobs().size() == 2);
    assertThat(jobs().get(1).kind()).isEqualTo(JobOperation.Kind.DELETE);
  }

  @Test
  void anOperationWhoseJobRedisLostIsHandedOffAgainWithTheSameOperationOnlyPastItsBound() {
    published();
    String operationId = as(editor).body("{\"text\":\"Lost with Redis\"}").post(path("edit")).then()
        .statusCode(202).extract().path("targets[0].operation.id");
    await().atMost(Duration.ofSeconds(10)).until(() -> jobs().size() == 2);
    // its job is in the stream with its marker: however long it waits, it is not written again
    sql.update("update post_targets set operation_enqueued_at = ? where id = ?",
        Instant.parse("2000-01-01T00:00:00Z"), targetId);
    await().during(reconcilerRound()).atMost(reconcilerRound().plusSeconds(2)).until(() -> jobs().size() == 2);

    // Redis restarted empty: the stream message and its marker are gone
    redis.key().del(StreamKeys.activeMarker(targetId));
    await().atMost(Duration.ofSeconds(30)).until(() -> jobs().size() == 3);
    JobMessage again = jobs().get(2);
    assertThat(again.operation()).isEqualTo(new JobOperation(JobOperation.Kind.EDIT, UUID.fromString(operationId)));
    assertThat(again.payload().text()).isEqualTo("Lost with Redis");
    assertThat(again.jobId()).isNotEqualTo(jobs().get(1).jobId());
    // the relay marked it again: it is left alone from now on
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.key().exists(StreamKeys.activeMarker(targetId)));
    await().during(reconcilerRound()).atMost(reconcilerRound().plusSeconds(2)).until(() -> jobs().size() == 3);

    // the worker's answer (its ledger keeps the platform call single) settles it once
    Streams.sendResult(redis, ResultMessage.published(targetId, 1, null, null, Instant.now())
        .forOperation(again.operation()));
    await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(target("operation.status")));
    redis.key().del(StreamKeys.activeMarker(targetId));
    await().during(reconcilerRound()).atMost(reconcilerRound().plusSeconds(2)).until(() -> jobs().size() == 3);
  }

  @Test
  void aTokenRefusedOnAnEditFailsTheOperationAndSaysTheAccountNeedsReauth() {
    receiver.subscribe(owner, "post.target_operation_failed", "account.needs_reauth");
    published();
    as(editor).body("{\"text\":\"Token gone\"}").post(path("edit")).then().statusCode(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> jobs().size() == 2);
    Streams.sendResult(redis, ResultMessage.failure(targetId, 1, ResultOutcome.NEEDS_REAUTH, "facebook:190/460",
        "Error validating access token: the user changed their password", Instant.now())
        .forOperation(jobs().get(1).operation()));

    await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(target("operation.status")));
    as(editor).get(postPath()).then().body("targets[0].status", equalTo("PUBLISHED"))
        .body("targets[0].text", equalTo(null))
        .body("targets[0].operation.error.code", equalTo("needs_reauth"))
        .body("targets[0].operation.error.message", containsString("Error validating access token"));
    await().atMost(Duration.ofSeconds(15)).until(() -> receiver.hooks().size() == 2);
    var events = receiver.hooks().stream().map(r -> new JsonPath(r.getBodyAsString())).toList();
    assertThat(events).extracting(e -> e.getString("type"))
        .containsExactlyInAnyOrder("post.target_operation_failed", "account.needs_reauth");
    JsonPath reauth = events.stream().filter(e -> "account.needs_reauth".equals(e.getString("type"))).findFirst()
        .orElseThrow();
    assertThat(reauth.getString("data.socialAccountId")).isEqualTo(account.toString());
    assertThat(reauth.getString("data.reason")).contains("Error validating access token");
  }

  private void published() {
    Streams.sendResult(redis, ResultMessage.published(targetId, 1, "1234_5678", "https://facebook.com/1234_5678",
        Instant.now()));
    await().atMost(Duration.ofSeconds(10)).until(() -> "PUBLISHED".equals(target("status")));
  }

  private List<JobMessage> jobs() {
    return Streams.jobsOf(redis, targetId);
  }

  private String postPath() {
    return "/api/v1/posts/" + postId;
  }

  private String path(String method) {
    return postPath() + "/targets/" + targetId + "/" + method;
  }

  private <T> T target(String field) {
    return as(editor).get(postPath()).then().extract().path("targets[0]." + field);
  }

  /** Long enough for the reconciler to look at least once: its pause between rounds, and 2 s for the round. */
  private Duration reconcilerRound() {
    return config.reconcileEvery().plusSeconds(2);
  }
}
