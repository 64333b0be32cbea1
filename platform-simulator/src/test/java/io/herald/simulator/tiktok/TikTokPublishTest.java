package io.herald.simulator.tiktok;

import static io.herald.simulator.tiktok.TikTokCalls.VIDEO;
import static io.herald.simulator.tiktok.TikTokCalls.call;
import static io.herald.simulator.tiktok.TikTokCalls.init;
import static io.herald.simulator.tiktok.TikTokCalls.published;
import static io.herald.simulator.tiktok.TikTokCalls.pullBody;
import static io.herald.simulator.tiktok.TikTokCalls.status;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.herald.simulator.SimFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TikTokPublishTest {

  @Test
  void creatorInfoAnswersTheDocumentedShapeInTheEnvelope() {
    var creator = SimFixtures.creator(Map.of("nickname", "Nick", "username", "nick.name"));

    call(creator, "/v2/post/publish/creator_info/query/", "")
        .then().statusCode(200)
        .body("error.code", equalTo("ok"))
        .body("error.message", equalTo(""))
        .body("error.log_id", notNullValue())
        .body("data.creator_nickname", equalTo("Nick"))
        .body("data.creator_username", equalTo("nick.name"))
        .body("data.privacy_level_options", contains("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"))
        .body("data.max_video_post_duration_sec", equalTo(300))
        .body("data.comment_disabled", equalTo(false));
  }

  @Test
  void aPostingCapComesBackWithHttp200OnCreatorInfoAnd403OnInit() {
    var creator = SimFixtures.creator(Map.of("postingBlock", "spam_risk_too_many_posts"));

    call(creator, "/v2/post/publish/creator_info/query/", "")
        .then().statusCode(200).body("error.code", equalTo("spam_risk_too_many_posts"));
    call(creator, "/v2/post/publish/video/init/", pullBody("PUBLIC_TO_EVERYONE", VIDEO))
        .then().statusCode(403).body("error.code", equalTo("spam_risk_too_many_posts"));
  }

  @Test
  void pullFromUrlPublishProgressesToPublishComplete() {
    var creator = SimFixtures.creator();

    String publishId = call(creator, "/v2/post/publish/video/init/", pullBody("PUBLIC_TO_EVERYONE", VIDEO))
        .then().statusCode(200)
        .body("error.code", equalTo("ok"))
        .body("data.publish_id", startsWith("v_pub_url~v2."))
        .extract().path("data.publish_id");

    status(creator, publishId).then().statusCode(200)
        .body("data.status", equalTo("PROCESSING_DOWNLOAD"))
        .body("data.publicaly_available_post_id", empty());
    status(creator, publishId).then().statusCode(200)
        .body("data.status", equalTo("PUBLISH_COMPLETE"))
        .body("data.publicaly_available_post_id", hasSize(1));
  }

  @Test
  void selfOnlyPostsCompleteWithoutAPublicPostId() {
    var creator = SimFixtures.creator();
    String publishId = call(creator, "/v2/post/publish/video/init/", pullBody("SELF_ONLY", VIDEO))
        .then().statusCode(200).extract().path("data.publish_id");

    status(creator, publishId);
    status(creator, publishId).then().body("data.status", equalTo("PUBLISH_COMPLETE"))
        .body("data.publicaly_available_post_id", empty());
  }

  @Test
  void inboxDraftEndsSentToTheUserInbox() {
    var creator = SimFixtures.creator();
    String publishId = call(creator, "/v2/post/publish/inbox/video/init/",
        "{\"source_info\":{\"source\":\"PULL_FROM_URL\",\"video_url\":\"" + VIDEO + "\"}}")
        .then().statusCode(200).extract().path("data.publish_id");

    status(creator, publishId);
    status(creator, publishId).then().body("data.status", equalTo("SEND_TO_USER_INBOX"));
  }

  @Test
  void photoPostViaContentInitCompletes() {
    var creator = SimFixtures.creator();
    String body = """
        {"media_type":"PHOTO","post_mode":"DIRECT_POST",
         "post_info":{"title":"Photos","description":"two photos","privacy_level":"PUBLIC_TO_EVERYONE"},
         "source_info":{"source":"PULL_FROM_URL","photo_cover_index":1,
           "photo_images":["https://cdn.example.com/1.jpg","https://cdn.example.com/2.jpg"]}}""";

    String publishId = call(creator, "/v2/post/publish/content/init/", body)
        .then().statusCode(200).body("data.publish_id", startsWith("p_pub_url~v2.")).extract().path("data.publish_id");
    status(creator, publishId);
    status(creator, publishId).then().body("data.status", equalTo("PUBLISH_COMPLETE"));

    List<Map<String, Object>> items = given().queryParam("account", creator.get("openId")).get("/_sim/published")
        .then().statusCode(200).extract().jsonPath().getList("");
    assertThat(items).hasSize(1);
    assertThat(items.getFirst()).containsEntry("publishId", publishId).containsEntry("kind", "PHOTO")
        .containsEntry("text", "two photos").containsEntry("status", "PUBLISH_COMPLETE");
  }

  @Test
  void theCoverAndInteractionsSentAreRecordedInThePublishedView() {
    var creator = SimFixtures.creator();
    String video = call(creator, "/v2/post/publish/video/init/", """
        {"post_info":{"title":"cover","privacy_level":"SELF_ONLY","disable_comment":true,"disable_duet":false,
          "video_cover_timestamp_ms":1500},
         "source_info":{"source":"PULL_FROM_URL","video_url":"%s"}}""".formatted(VIDEO))
        .then().statusCode(200).body("error.code", equalTo("ok")).extract().path("data.publish_id");
    String photos = call(creator, "/v2/post/publish/content/init/", """
        {"media_type":"PHOTO","post_mode":"DIRECT_POST",
         "post_info":{"title":"Photos","description":"cover photo","privacy_level":"SELF_ONLY"},
         "source_info":{"source":"PULL_FROM_URL","photo_cover_index":2,
           "photo_images":["https://cdn.example.com/1.jpg","https://cdn.example.com/2.jpg",
             "https://cdn.example.com/3.jpg"]}}""")
        .then().statusCode(200).extract().path("data.publish_id");

    List<Map<String, Object>> items = given().queryParam("account", creator.get("openId")).get("/_sim/published")
        .then().statusCode(200).extract().jsonPath().getList("");
    assertThat(items).hasSize(2);
    assertThat(items.get(0)).containsEntry("publishId", video).containsEntry("videoCoverTimestampMs", 1500)
        .containsEntry("disableComment", true).containsEntry("disableDuet", false)
        .doesNotContainKeys("disableStitch", "photoCoverIndex");
    assertThat(items.get(1)).containsEntry("publishId", photos).containsEntry("photoCoverIndex", 2)
        .doesNotContainKey("videoCoverTimestampMs");
  }

  @Test
  void aCoverOutsideThePostIsInvalidParamAndPublishesNothing() {
    var creator = SimFixtures.creator();
    String photos = """
        {"media_type":"PHOTO","post_mode":"DIRECT_POST","post_info":{"privacy_level":"SELF_ONLY"},
         "source_info":{"source":"PULL_FROM_URL","photo_cover_index":%s,
           "photo_images":["https://cdn.example.com/1.jpg","https://cdn.example.com/2.jpg"]}}""";
    String video = """
        {"post_info":{"privacy_level":"SELF_ONLY","video_cover_timestamp_ms":%s},
         "source_info":{"source":"PULL_FROM_URL","video_url":"%s"}}""";

    for (String index : List.of("2", "-1", "\"1\"", "0.5")) {
      call(creator, "/v2/post/publish/content/init/", photos.formatted(index))
          .then().statusCode(400).body("error.code", equalTo("invalid_param"))
          .body("error.message", containsString("photo_cover_index"));
    }
    for (String timestamp : List.of("-1", "\"1000\"", "1.5")) {
      call(creator, "/v2/post/publish/video/init/", video.formatted(timestamp, VIDEO))
          .then().statusCode(400).body("error.code", equalTo("invalid_param"))
          .body("error.message", containsString("video_cover_timestamp_ms"));
    }
    assertThat(published(creator)).isEmpty();
  }

  @Test
  void privacyLevelOutsideTheCreatorsOptionsIsAMismatch() {
    var creator = SimFixtures.creator(Map.of("privacyLevelOptions",
        List.of("FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY")));

    call(creator, "/v2/post/publish/video/init/", pullBody("PUBLIC_TO_EVERYONE", VIDEO))
        .then().statusCode(403)
        .body("error.code", equalTo("privacy_level_option_mismatch"))
        .body("error.log_id", notNullValue());
    assertThat(published(creator)).isEmpty();
  }

  @Test
  void unverifiedPullUrlIsRefused() {
    var creator = SimFixtures.creator();

    call(creator, "/v2/post/publish/video/init/", pullBody("SELF_ONLY", "https://elsewhere.example.org/v.mp4"))
        .then().statusCode(403).body("error.code", equalTo("url_ownership_unverified"));
    assertThat(published(creator)).isEmpty();
  }

  @Test
  void badTokensAndMissingScopesAre401() {
    given().header("Authorization", "Bearer act.nope").contentType(ContentType.JSON)
        .post("/v2/post/publish/creator_info/query/")
        .then().statusCode(401).body("error.code", equalTo("access_token_invalid")).body("data", notNullValue());
    var uploadOnly = SimFixtures.creator(Map.of("scopes", List.of("user.info.basic", "video.upload")));
    call(uploadOnly, "/v2/post/publish/video/init/", pullBody("SELF_ONLY", VIDEO))
        .then().statusCode(401).body("error.code", equalTo("scope_not_authorized"));

    var expired = SimFixtures.creator();
    given().contentType(ContentType.JSON).body(Map.of("account", expired.get("openId")))
        .post("/_sim/tokens/expire").then().statusCode(200);
    call(expired, "/v2/post/publish/creator_info/query/", "")
        .then().statusCode(401).body("error.code", equalTo("access_token_invalid"));
  }

  @Test
  void invalidParametersAreInvalidParam() {
    var creator = SimFixtures.creator();

    call(creator, "/v2/post/publish/video/init/", "{\"post_info\":{\"privacy_level\":\"SELF_ONLY\"},"
        + "\"source_info\":{\"source\":\"CARRIER_PIGEON\"}}")
        .then().statusCode(400).body("error.code", equalTo("invalid_param"));
    call(creator, "/v2/post/publish/video/init/", "{broken")
        .then().statusCode(400).body("error.code", equalTo("invalid_param"));
    call(creator, "/v2/post/publish/status/fetch/", "{\"publish_id\":\"v_pub_url~v2.0\"}")
        .then().statusCode(400).body("error.code", equalTo("invalid_publish_id"));
  }

  @Test
  void anotherCreatorsPublishIdIsNotAuthorized() {
    var owner = SimFixtures.creator();
    var stranger = SimFixtures.creator();
    String publishId = call(owner, "/v2/post/publish/video/init/", pullBody("SELF_ONLY", VIDEO))
        .then().statusCode(200).extract().path("data.publish_id");

    status(stranger, publishId).then().statusCode(400)
        .body("error.code", equalTo("token_not_authorized_for_specified_publish_id"));
  }

  @Test
  void perTokenRateLimitsAnswer429() {
    var creator = SimFixtures.creator();
    for (int i = 0; i < 20; i++) {
      call(creator, "/v2/post/publish/creator_info/query/", "").then().statusCode(200);
    }
    call(creator, "/v2/post/publish/creator_info/query/", "")
        .then().statusCode(429).body("error.code", equalTo("rate_limit_exceeded"));

    for (int i = 0; i < 6; i++) {
      call(creator, "/v2/post/publish/video/init/", pullBody("SELF_ONLY", VIDEO)).then().statusCode(200);
    }
    call(creator, "/v2/post/publish/video/init/", pullBody("SELF_ONLY", VIDEO))
        .then().statusCode(429).body("error.code", equalTo("rate_limit_exceeded"));
    assertThat(published(creator)).hasSize(6);

    // another token has its own budget
    call(SimFixtures.creator(), "/v2/post/publish/creator_info/query/", "").then().statusCode(200);
  }

  @Test
  void userInfoAnswersTheRequestedFields() {
    var creator = SimFixtures.creator(Map.of("nickname", "Shown Name"));

    given().header("Authorization", "Bearer " + creator.get("access_token"))
        .queryParam("fields", "open_id,display_name,avatar_url")
        .get("/v2/user/info/")
        .then().statusCode(200)
        .body("error.code", equalTo("ok"))
        .body("data.user.open_id", equalTo(creator.get("openId")))
        .body("data.user.display_name", equalTo("Shown Name"))
        .body("data.user.avatar_url", startsWith("https://"));
    given().header("Authorization", "Bearer act.unknown").queryParam("fields", "open_id")
        .get("/v2/user/info/")
        .then().statusCode(401).body("error.code", equalTo("access_token_invalid"));
  }

  @Test
  void aPublishInProgressCanBeCancelledAndThenEndsFailed() {
    var creator = SimFixtures.creator();
    String publishId = call(creator, "/v2/post/publish/video/init/", pullBody("SELF_ONLY", VIDEO))
        .then().statusCode(200).extract().path("data.publish_id");

    call(creator, "/v2/post/publish/cancel/", "{\"publish_id\":\"" + publishId + "\"}")
        .then().statusCode(200).body("error.code", equalTo("ok"));
    status(creator, publishId).then()
        .body("data.status", equalTo("FAILED")).body("data.fail_reason", equalTo("publish_cancelled"));
    call(creator, "/v2/post/publish/cancel/", "{\"publish_id\":\"" + publishId + "\"}")
        .then().statusCode(400).body("error.code", equalTo("publish_not_cancellable"));
  }
}
