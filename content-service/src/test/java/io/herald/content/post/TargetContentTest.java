package io.herald.content.post;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.herald.common.security.Roles;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Media;
import io.herald.common.stream.Platform;
import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultMessage.FirstCommentOutcome;
import io.herald.common.stream.ResultMessage.FirstCommentStatus;
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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A target may publish its own text, link and media (one post to Facebook and TikTok, each with a caption within its
 * platform's limits): checked against its platform, stored, shown, and sent in that target's job. A first comment's
 * outcome, reported with the target's final result, is shown on the target and tells the tenant when it failed.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class TargetContentTest {
  static final String VIDEO = "{\"type\":\"VIDEO\",\"url\":\"https://cdn.example.com/v.mp4\"}";

  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);
  final UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
  final UUID tt = AuthServiceMock.active(tenant, Platform.TIKTOK);

  @Inject
  RedisDataSource redis;

  @Test
  void onePostToFacebookAndTikTokWithACaptionEachReachesEachTargetsJob() {
    String longText = "a".repeat(3_000);
    String body = """
        {"text":"%s","link":"https://example.com/launch","media":[%s],
         "targets":[{"socialAccountId":"%s"},
                    {"socialAccountId":"%s","text":"Short #tiktok","link":"",
                     "media":[{"type":"VIDEO","url":"https://cdn.example.com/vertical.mp4","durationSeconds":30}],
                     "options":{"privacyLevel":"SELF_ONLY"}}]}""".formatted(longText, VIDEO, fb, tt);
    var created = create(editor, body).statusCode(201)
        .body("targets[0].text", nullValue())
        .body("targets[0].media", nullValue())
        .body("targets[1].text", equalTo("Short #tiktok"))
        .body("targets[1].link", equalTo(""))
        .body("targets[1].media[0].url", equalTo("https://cdn.example.com/vertical.mp4"))
        .extract();
    String postId = created.path("id");
    String facebookTarget = created.path("targets[0].id");
    String tiktokTarget = created.path("targets[1].id");
    as(editor).get("/api/v1/posts/" + postId).then().statusCode(200)
        .body("targets[1].text", equalTo("Short #tiktok"))
        .body("targets[1].media[0].durationSeconds", equalTo(30));

    await().atMost(Duration.ofSeconds(15)).until(() ->
        !Streams.parsedJobsFor(redis, Priority.NORMAL.streamKey(), tiktokTarget).isEmpty()
            && !Streams.parsedJobsFor(redis, Priority.NORMAL.streamKey(), facebookTarget).isEmpty());
    JobMessage tiktokJob = Streams.parsedJobsFor(redis, Priority.NORMAL.streamKey(), tiktokTarget).getFirst();
    assertThat(tiktokJob.payload().text()).isEqualTo("Short #tiktok");
    assertThat(tiktokJob.payload().link()).isNull();
    assertThat(tiktokJob.payload().media()).extracting(Media::url).containsExactly("https://cdn.example.com/vertical.mp4");
    JobMessage facebookJob = Streams.parsedJobsFor(redis, Priority.NORMAL.streamKey(), facebookTarget).getFirst();
    assertThat(facebookJob.payload().text()).isEqualTo(longText);
    assertThat(facebookJob.payload().link()).isEqualTo("https://example.com/launch");
    assertThat(facebookJob.payload().media()).extracting(Media::url).containsExactly("https://cdn.example.com/v.mp4");
  }

  @Test
  void eachTargetsContentIsCheckedAgainstItsOwnPlatformAndNamedByItsPath() {
    String tooLongForTikTok = "a".repeat(2_201);
    String body = """
        {"text":"x","media":[%s],
         "targets":[{"socialAccountId":"%s"},
                    {"socialAccountId":"%s","text":"%s","options":{"privacyLevel":"SELF_ONLY"}}]}"""
        .formatted(VIDEO, fb, tt, tooLongForTikTok);
    as(editor).body(body).post("/api/v1/posts:validate").then().statusCode(422)
        .body("errors.field", equalTo(List.of("targets[1].text")));
    // the post's text may be too long for TikTok when the TikTok target brings its own
    as(editor).body(body.replace("\"x\"", "\"" + tooLongForTikTok + "\"").replace(tooLongForTikTok + "\",\"options",
        "short\",\"options")).post("/api/v1/posts:validate").then().statusCode(200);

    as(editor).body("""
        {"text":"x","targets":[{"socialAccountId":"%s","media":[{"type":"IMAGE","url":"http://cdn.example.com/p.jpg"}]}]}"""
        .formatted(fb)).post("/api/v1/posts:validate").then().statusCode(422)
        .body("errors.field", hasItem("targets[0].media[0].url"));
    as(editor).body("""
        {"text":"x","targets":[{"socialAccountId":"%s","link":"ftp://example.com"}]}""".formatted(fb))
        .post("/api/v1/posts:validate").then().statusCode(422).body("errors.field", hasItem("targets[0].link"));
    // a Reel takes no link: the post's link is refused for it unless the Reel target drops it
    String reel = """
        {"text":"x","link":"https://example.com/a","media":[%s],
         "targets":[{"socialAccountId":"%s","options":{"facebookType":"REEL"}%s}]}""";
    as(editor).body(reel.formatted(VIDEO, fb, "")).post("/api/v1/posts:validate").then().statusCode(422)
        .body("errors.field", hasItem("link"));
    as(editor).body(reel.formatted(VIDEO, fb, ",\"link\":\"\"")).post("/api/v1/posts:validate").then()
        .statusCode(200);
    // a Story target empties its text while the feed target keeps the post's
    as(editor).body("""
        {"text":"Launch!","media":[%s],"targets":[{"socialAccountId":"%s"},
         {"socialAccountId":"%s","text":"","options":{"facebookType":"STORY"}}]}"""
        .formatted(VIDEO, fb, AuthServiceMock.active(tenant, Platform.FACEBOOK)))
        .post("/api/v1/posts:validate").then().statusCode(200);
  }

  @Test
  void aFirstCommentsOutcomeIsShownOnTheTargetAndAFailureTellsTheTenant() {
    as(TestJwt.token(tenant, Roles.ADMIN))
        .body("{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"post.first_comment_failed\"]}")
        .post("/api/v1/webhooks").then().statusCode(201);
    String hookId = as(TestJwt.token(tenant, Roles.ADMIN)).get("/api/v1/webhooks").then().extract().path("[0].id");
    var created = create(editor, """
        {"text":"x","targets":[{"socialAccountId":"%s","options":{"firstComment":{"text":"More at example.com"}}}]}"""
        .formatted(fb)).statusCode(201).body("targets[0].firstComment", nullValue()).extract();
    String postId = created.path("id");
    UUID targetId = UUID.fromString(created.path("targets[0].id"));
    await().atMost(Duration.ofSeconds(10)).until(() -> "QUEUED".equals(
        as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].status")));

    Streams.sendResult(redis, ResultMessage.published(targetId, 1, "1_2", "https://facebook.com/1_2", Instant.now())
        .withFirstComment(new FirstCommentOutcome(FirstCommentStatus.FAILED, null, "(#100) comment refused")));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(editor).get("/api/v1/posts/" + postId).then()
        .body("targets[0].status", equalTo("PUBLISHED"))
        .body("targets[0].firstComment.status", equalTo("FAILED"))
        .body("targets[0].firstComment.error", equalTo("(#100) comment refused")));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(TestJwt.token(tenant, Roles.ADMIN))
        .get("/api/v1/webhooks/" + hookId + "/deliveries").then().body("event", equalTo(
            List.of("post.first_comment_failed"))));

    // the final result again (a redelivery) changes nothing and tells nobody twice; a later word of the same attempt
    // (the comment was there after all) is kept
    Streams.sendResult(redis, ResultMessage.published(targetId, 1, "1_2", "https://facebook.com/1_2", Instant.now())
        .withFirstComment(new FirstCommentOutcome(FirstCommentStatus.FAILED, null, "(#100) comment refused")));
    Streams.sendResult(redis, ResultMessage.published(targetId, 1, "1_2", "https://facebook.com/1_2", Instant.now())
        .withFirstComment(new FirstCommentOutcome(FirstCommentStatus.PUBLISHED, "2_3", null)));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(editor).get("/api/v1/posts/" + postId).then()
        .body("targets[0].firstComment.status", equalTo("PUBLISHED"))
        .body("targets[0].firstComment.id", equalTo("2_3")));
    as(TestJwt.token(tenant, Roles.ADMIN)).get("/api/v1/webhooks/" + hookId + "/deliveries").then()
        .body("event", equalTo(List.of("post.first_comment_failed")));
    // an older attempt's word never overwrites it
    Streams.sendResult(redis, ResultMessage.failure(targetId, 0, ResultOutcome.FAILED, "x", "y", Instant.now())
        .withFirstComment(new FirstCommentOutcome(FirstCommentStatus.UNKNOWN_OUTCOME, null, "old")));
    await().atMost(Duration.ofSeconds(10)).until(() -> as(editor).get("/api/v1/posts/" + postId + "/attempts").then()
        .extract().<List<?>>path("").size() == 4);
    as(editor).get("/api/v1/posts/" + postId).then().body("targets[0].firstComment.status", equalTo("PUBLISHED"));
  }
}
