package io.herald.content.post;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.createId;
import static io.herald.content.support.Posts.facebook;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.herald.common.security.Roles;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Priority;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Streams;
import io.herald.content.support.WebhookReceiver;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A target whose outcome the worker cannot know: shown, notified, counted, and resolved only by the user's word. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class UnknownOutcomeTest {
  static final String SEND_AGAIN = "{\"resolution\":\"SEND_AGAIN\"}";

  final UUID tenant = UUID.randomUUID();
  final String editorId = "editor-" + UUID.randomUUID();
  final String editor = TestJwt.token(tenant, editorId, Duration.ofMinutes(15), Roles.EDITOR);
  final String owner = TestJwt.token(tenant, Roles.OWNER);

  @Inject
  RedisDataSource redis;

  WebhookReceiver receiver;
  UUID account;
  String postId;
  UUID targetId;

  @BeforeEach
  void queuedPost() {
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
  void anUnknownOutcomeIsShownListedNotifiedAndCounted() {
    receiver.subscribe(owner, "post.unknown_outcome", "post.published", "post.failed", "post.partially_published");
    unknownOutcome();

    as(editor).get("/api/v1/posts/" + postId).then().body("status", equalTo("UNKNOWN_OUTCOME"))
        .body("targets[0].status", equalTo("UNKNOWN_OUTCOME")).body("targets[0].attempts", equalTo(1))
        .body("targets[0].lastError.code", equalTo("facebook:timeout"))
        .body("targets[0].lastError.message", equalTo("Facebook did not answer; the post may exist"));
    as(editor).get("/api/v1/posts?status=UNKNOWN_OUTCOME").then().statusCode(200)
        .body("items", hasSize(1)).body("items[0].id", equalTo(postId));
    as(editor).get("/api/v1/posts?status=PUBLISHING").then().body("items", hasSize(0));

    await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.hooks().isEmpty());
    List<LoggedRequest> hooks = receiver.hooks();
    assertThat(hooks).extracting(r -> r.getHeader("Herald-Event")).containsExactly("post.unknown_outcome");
    JsonPath body = new JsonPath(hooks.get(0).getBodyAsString());
    assertThat(body.getString("type")).isEqualTo("post.unknown_outcome");
    assertThat(body.getString("data.postId")).isEqualTo(postId);
    assertThat(body.getString("data.targetId")).isEqualTo(targetId.toString());
    assertThat(body.getString("data.socialAccountId")).isEqualTo(account.toString());
    assertThat(body.getString("data.platform")).isEqualTo("FACEBOOK");
    assertThat(body.getInt("data.attempt")).isEqualTo(1);
    assertThat(body.getString("data.errorCode")).isEqualTo("facebook:timeout");
    assertThat(body.getString("data.errorMessage")).isEqualTo("Facebook did not answer; the post may exist");

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).containsPattern("herald_results_applied_total\\{outcome=\"UNKNOWN_OUTCOME\"} [1-9]");
    await().atMost(Duration.ofSeconds(15)).until(() -> given().get("/q/metrics").then().extract().asString()
        .matches("(?s).*\\nherald_targets_unknown_outcome(\\{[^}]*})? [1-9].*"));
  }

  @Test
  void sendAgainQueuesTheNextAttemptWithResendConfirmedAndOlderAnswersChangeNothing() {
    unknownOutcome();
    String etag = as(editor).get("/api/v1/posts/" + postId).then().extract().header("ETag");
    as(editor).header("If-Match", "\"999\"").body(SEND_AGAIN).post(resolvePath()).then().statusCode(412);

    as(editor).header("If-Match", etag).body(SEND_AGAIN).post(resolvePath()).then().statusCode(200)
        .body("status", equalTo("PUBLISHING")).body("targets[0].status", equalTo("QUEUED"))
        .body("targets[0].attempts", equalTo(2)).body("targets[0].lastError", equalTo(null));
    await().atMost(Duration.ofSeconds(10)).until(() -> jobs().size() == 2);
    var raw = Streams.jobsFor(redis, Priority.NORMAL.streamKey(), targetId.toString());
    assertThat(raw.get(0)).doesNotContainKey("resendConfirmed");
    assertThat(raw.get(1)).containsEntry("resendConfirmed", "true");
    assertThat(jobs()).extracting(JobMessage::attempt).containsExactly(1, 2);
    assertThat(jobs()).extracting(JobMessage::resendConfirmed).containsExactly(false, true);

    // late answers about attempt 1 are recorded but change nothing
    Streams.sendResult(redis, ResultMessage.failure(targetId, 1, ResultOutcome.FAILED, "dead_letter", "gave up",
        Instant.now()));
    Streams.sendResult(redis, ResultMessage.published(targetId, 1, "1_1", "https://facebook.com/1_1", Instant.now()));
    await().atMost(Duration.ofSeconds(10)).until(() ->
        as(editor).get("/api/v1/posts/" + postId + "/attempts").then().extract().<List<?>>path("").size() == 3);
    as(editor).get("/api/v1/posts/" + postId + "/attempts").then()
        .body("applied", equalTo(List.of(true, false, false)));
    as(editor).get("/api/v1/posts/" + postId).then().body("targets[0].status", equalTo("QUEUED"))
        .body("targets[0].attempts", equalTo(2)).body("targets[0].externalId", equalTo(null));
    // no longer unknown: a second word is refused
    as(editor).body(SEND_AGAIN).post(resolvePath()).then().statusCode(409);

    // the confirmed attempt's job is lost with Redis: the reconciler's copy still carries the user's confirmation
    redis.key().del(StreamKeys.activeMarker(targetId));
    await().atMost(Duration.ofSeconds(60)).until(() -> jobs().size() == 3);
    assertThat(jobs().get(2).attempt()).isEqualTo(2);
    assertThat(jobs().get(2).resendConfirmed()).isTrue();
  }

  @Test
  void itIsThereMarksTheTargetPublishedRecordsWhoSaidSoAndNotifies() {
    receiver.subscribe(owner, "post.published");
    unknownOutcome();

    as(editor).body("""
        {"resolution":"PUBLISHED","externalId":"123_789","externalUrl":"https://facebook.com/123_789"}""")
        .post(resolvePath()).then().statusCode(200)
        .body("status", equalTo("PUBLISHED")).body("targets[0].status", equalTo("PUBLISHED"))
        .body("targets[0].externalId", equalTo("123_789"))
        .body("targets[0].externalUrl", equalTo("https://facebook.com/123_789"))
        .body("targets[0].publishedAt", notNullValue()).body("targets[0].lastError", equalTo(null));
    as(editor).get("/api/v1/posts/" + postId + "/attempts").then()
        .body("outcome", equalTo(List.of("UNKNOWN_OUTCOME", "PUBLISHED")))
        .body("applied", equalTo(List.of(true, true)))
        .body("resolvedBy", equalTo(Arrays.asList(null, editorId)))
        .body("[1].externalId", equalTo("123_789"));

    await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.hooks().isEmpty());
    assertThat(receiver.hooks()).extracting(r -> r.getHeader("Herald-Event")).containsExactly("post.published");
    assertThat(new JsonPath(receiver.hooks().get(0).getBodyAsString()).getString("data.status")).isEqualTo("PUBLISHED");
    assertThat(jobs()).hasSize(1);
  }

  @Test
  void itIsThereWithoutIdsLetsALaterAnswerOfThePlatformFillThemIn() {
    unknownOutcome();
    as(editor).body("{\"resolution\":\"PUBLISHED\"}").post(resolvePath()).then().statusCode(200)
        .body("targets[0].status", equalTo("PUBLISHED")).body("targets[0].externalId", equalTo(null));

    Streams.sendResult(redis, ResultMessage.published(targetId, 1, "1_5", "https://facebook.com/1_5", Instant.now()));
    await().atMost(Duration.ofSeconds(10)).until(() -> "1_5".equals(target("externalId")));
    as(editor).get("/api/v1/posts/" + postId).then().body("targets[0].status", equalTo("PUBLISHED"))
        .body("targets[0].externalUrl", equalTo("https://facebook.com/1_5"));
  }

  @Test
  void onlyAnUnknownOutcomeCanBeResolvedAndRetryNeverTouchesOne() {
    as(editor).body(SEND_AGAIN).post(resolvePath()).then().statusCode(409)
        .contentType("application/problem+json").body("type", endsWith("/not-unknown-outcome"))
        .body("detail", containsString("QUEUED"));
    unknownOutcome();

    as(editor).post("/api/v1/posts/" + postId + "/retry").then().statusCode(409)
        .contentType("application/problem+json");
    as(editor).get("/api/v1/posts/" + postId).then().body("targets[0].status", equalTo("UNKNOWN_OUTCOME"))
        .body("targets[0].attempts", equalTo(1));
    assertThat(jobs()).hasSize(1);

    as(TestJwt.token(UUID.randomUUID(), Roles.EDITOR)).body(SEND_AGAIN).post(resolvePath()).then().statusCode(404);
    as(TestJwt.token(tenant, Roles.VIEWER)).body(SEND_AGAIN).post(resolvePath()).then().statusCode(403);
    String otherPost = createId(editor, facebook(account));
    String otherTarget = as(editor).get("/api/v1/posts/" + otherPost).then().extract().path("targets[0].id");
    as(editor).body(SEND_AGAIN).post("/api/v1/posts/" + postId + "/targets/" + otherTarget + "/resolve").then()
        .statusCode(404).contentType("application/problem+json");
    as(editor).body(SEND_AGAIN).post("/api/v1/posts/" + postId + "/targets/nope/resolve").then().statusCode(404);
    as(editor).get("/api/v1/posts/" + postId).then().body("targets[0].status", equalTo("UNKNOWN_OUTCOME"));
  }

  @Test
  void aBadResolutionBodyIsA422NamingTheField() {
    unknownOutcome();
    rejects("{\"resolution\":\"MAYBE\"}", "resolution");
    rejects("{}", "resolution");
    rejects("{\"resolution\":\"PUBLISHED\",\"externalUrl\":\"http://facebook.com/1_2\"}", "externalUrl");
    rejects("{\"resolution\":\"PUBLISHED\",\"externalUrl\":\"not a url\"}", "externalUrl");
    rejects("{\"resolution\":\"SEND_AGAIN\",\"externalId\":\"1_2\"}", "externalId");
    as(editor).post(resolvePath()).then().statusCode(422).contentType("application/problem+json");
    as(editor).get("/api/v1/posts/" + postId).then().body("targets[0].status", equalTo("UNKNOWN_OUTCOME"));
  }

  private void rejects(String body, String field) {
    as(editor).body(body).post(resolvePath()).then().statusCode(422).contentType("application/problem+json")
        .body("errors.field", hasItem(field));
  }

  private void unknownOutcome() {
    Streams.sendResult(redis, ResultMessage.failure(targetId, 1, ResultOutcome.UNKNOWN_OUTCOME, "facebook:timeout",
        "Facebook did not answer; the post may exist", Instant.now()));
    await().atMost(Duration.ofSeconds(10)).until(() -> "UNKNOWN_OUTCOME".equals(target("status")));
  }

  private List<JobMessage> jobs() {
    return Streams.jobsOf(redis, targetId);
  }

  private String resolvePath() {
    return "/api/v1/posts/" + postId + "/targets/" + targetId + "/resolve";
  }

  private String target(String field) {
    return as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0]." + field);
  }
}
