package io.herald.simulator.facebook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.herald.simulator.SimFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Videos that process ({@code fields=status}), Reels and video Stories (start, upload on the rupload host, finish),
 * photo Stories, comments, and scripted processing failures.
 */
@QuarkusTest
class FacebookReelsStoriesCommentsTest {
  static final List<String> WITH_ENGAGEMENT = List.of("pages_show_list", "pages_read_engagement",
      "pages_manage_posts", "pages_manage_engagement");

  @AfterEach
  void cleanUp() {
    SimFixtures.facebookTiming(Map.of());
    given().delete("/_sim/faults").then().statusCode(204);
  }

  static Map<String, String> page(List<String> scopes) {
    return given().contentType(ContentType.JSON).body(Map.of("scopes", scopes))
        .post("/_sim/facebook/pages").then().statusCode(201)
        .extract().jsonPath().getMap("", String.class, String.class);
  }

  static Response graph(Map<String, String> page, String path, Map<String, ?> body) {
    return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(body).post("/v21.0/" + path);
  }

  static Response status(Map<String, String> page, String videoId) {
    return given().queryParam("fields", "status").queryParam("access_token", page.get("pageToken"))
        .get("/v21.0/" + videoId);
  }

  @Test
  void aVideoGoesThroughProcessingToReadyAndItsStatusSaysSo() {
    SimFixtures.facebookTiming(Map.of("videoProcessingTime", "PT1S"));
    var page = page(WITH_ENGAGEMENT);
    String videoId = graph(page, page.get("pageId") + "/videos", Map.of("file_url", "https://cdn.example.com/v.mp4",
        "title", "T", "published", false)).then().statusCode(200).extract().path("id");

    status(page, videoId).then().statusCode(200)
        .body("status.video_status", equalTo("processing"))
        .body("status.processing_phase.status", equalTo("in_progress"))
        .body("status.publishing_phase.status", equalTo("not_started"));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> status(page, videoId).then()
        .body("status.video_status", equalTo("ready")).body("status.processing_phase.status", equalTo("complete")));
  }

  @Test
  void aVideoSentAsMultipartWithAThumbFileKeepsItsFields() {
    var page = page(WITH_ENGAGEMENT);
    String videoId = given().header("Authorization", "Bearer " + page.get("pageToken"))
        .multiPart("file_url", "https://cdn.example.com/v.mp4").multiPart("title", "With a thumbnail")
        .multiPart("published", "false")
        .multiPart("thumb", "thumb.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, 1}, "image/jpeg")
        .post("/v21.0/" + page.get("pageId") + "/videos").then().statusCode(200).extract().path("id");

    given().queryParam("fields", "title,published").queryParam("access_token", page.get("pageToken"))
        .get("/v21.0/" + videoId).then().statusCode(200)
        .body("title", equalTo("With a thumbnail")).body("published", equalTo(false));
  }

  @Test
  void aScriptedProcessingFailureShowsInTheStatusWithItsReasonAfterTheProcessingTime() {
    SimFixtures.facebookTiming(Map.of("videoProcessingTime", "PT0.5S"));
    given().contentType(ContentType.JSON).body(Map.of("endpoint", "facebook.videos", "mode", "FAIL_PROCESSING",
        "failReason", "The video is too short", "count", 1)).post("/_sim/faults").then().statusCode(201);
    var page = page(WITH_ENGAGEMENT);
    String videoId = graph(page, page.get("pageId") + "/videos", Map.of("file_url", "https://cdn.example.com/v.mp4",
        "published", false)).then().statusCode(200).extract().path("id");

    status(page, videoId).then().body("status.video_status", equalTo("processing"));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> status(page, videoId).then()
        .body("status.video_status", equalTo("error"))
        .body("status.processing_phase.status", equalTo("error"))
        .body("status.processing_phase.errors[0].message", equalTo("The video is too short")));
  }

  @Test
  void aReelIsStartedUploadedByUrlAndFinishedAndIsPublishedOnceProcessed() {
    SimFixtures.facebookTiming(Map.of("videoProcessingTime", "PT0.5S"));
    var page = page(WITH_ENGAGEMENT);
    String pageId = page.get("pageId");
    var start = graph(page, pageId + "/video_reels", Map.of("upload_phase", "start")).then().statusCode(200)
        .body("upload_url", containsString("/video-upload/v21.0/")).extract();
    String videoId = start.path("video_id");
    status(page, videoId).then().body("status.video_status", equalTo("uploading"))
        .body("status.uploading_phase.status", equalTo("not_started"));

    // Finishing before the bytes arrived is refused with the documented upload error.
    graph(page, pageId + "/video_reels", Map.of("upload_phase", "finish", "video_id", videoId,
        "video_state", "PUBLISHED")).then().statusCode(400).body("error.code", equalTo(6000));

    given().header("Authorization", "OAuth " + page.get("pageToken"))
        .header("file_url", "https://cdn.example.com/reel.mp4")
        .post("/video-upload/v21.0/" + videoId).then().statusCode(200).body("success", equalTo(true));
    graph(page, pageId + "/video_reels", Map.of("upload_phase", "finish", "video_id", videoId,
        "video_state", "PUBLISHED", "description", "My reel")).then().statusCode(200).body("success", equalTo(true));

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> status(page, videoId).then()
        .body("status.video_status", equalTo("ready"))
        .body("status.publishing_phase.status", equalTo("complete"))
        .body("status.publishing_phase.publish_status", equalTo("published")));
    // Reels are not Page posts: the feed does not show them.
    given().queryParam("access_token", page.get("pageToken")).get("/v21.0/" + pageId + "/feed")
        .then().statusCode(200).body("data", hasSize(0));
  }

  @Test
  void aReelWhoseProcessingFailsIsNeverPublishedAndSaysWhy() {
    SimFixtures.facebookTiming(Map.of("videoProcessingTime", "PT0.3S"));
    given().contentType(ContentType.JSON).body(Map.of("endpoint", "facebook.video_reels", "mode", "FAIL_PROCESSING",
        "count", 1)).post("/_sim/faults").then().statusCode(201);
    var page = page(WITH_ENGAGEMENT);
    String pageId = page.get("pageId");
    String videoId = graph(page, pageId + "/video_reels", Map.of("upload_phase", "start")).then().statusCode(200)
        .extract().path("video_id");
    given().header("Authorization", "OAuth " + page.get("pageToken"))
        .header("file_url", "https://cdn.example.com/reel.mp4")
        .post("/video-upload/v21.0/" + videoId).then().statusCode(200);
    graph(page, pageId + "/video_reels", Map.of("upload_phase", "finish", "video_id", videoId,
        "video_state", "PUBLISHED")).then().statusCode(200);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> status(page, videoId).then()
        .body("status.video_status", equalTo("error"))
        .body("status.processing_phase.errors[0].message", containsString("format that we don't support"))
        .body("status.publishing_phase.status", equalTo("not_started")));
  }

  @Test
  void storiesOfAPhotoUploadedUnpublishedAndOfAVideoAnswerTheirPostIds() {
    var page = page(WITH_ENGAGEMENT);
    String pageId = page.get("pageId");
    String photoId = graph(page, pageId + "/photos", Map.of("url", "https://cdn.example.com/s.jpg",
        "published", false)).then().statusCode(200).extract().path("id");
    graph(page, pageId + "/photo_stories", Map.of("photo_id", photoId)).then().statusCode(200)
        .body("success", equalTo(true)).body("post_id", matchesPattern(pageId + "_\\d+"));
    graph(page, pageId + "/photo_stories", Map.of("photo_id", "123")).then().statusCode(400)
        .body("error.code", equalTo(100));

    String videoId = graph(page, pageId + "/video_stories", Map.of("upload_phase", "start")).then()
        .statusCode(200).extract().path("video_id");
    given().header("Authorization", "OAuth " + page.get("pageToken")).header("file_size", "4")
        .contentType("application/octet-stream").body(new byte[] {1, 2, 3, 4})
        .post("/video-upload/v21.0/" + videoId).then().statusCode(200);
    graph(page, pageId + "/video_stories", Map.of("upload_phase", "finish", "video_id", videoId)).then()
        .statusCode(200).body("success", equalTo(true)).body("post_id", equalTo(pageId + "_" + videoId));
  }

  @Test
  void commentsArePostedAsThePageAndReadBackNewestFirstWithTheirAuthor() {
    var page = page(WITH_ENGAGEMENT);
    String pageId = page.get("pageId");
    String postId = graph(page, pageId + "/feed", Map.of("message", "Hello")).then().statusCode(200)
        .extract().path("id");
    given().contentType(ContentType.JSON).body(Map.of("message", "First!"))
        .post("/_sim/facebook/objects/" + postId + "/comments").then().statusCode(201);
    String commentId = graph(page, postId + "/comments", Map.of("message", "Link in bio",
        "attachment_url", "https://cdn.example.com/c.jpg")).then().statusCode(200)
        .body("id", matchesPattern(postId + "_\\d+")).extract().path("id");

    given().queryParam("access_token", page.get("pageToken")).queryParam("fields", "id,from,created_time")
        .queryParam("order", "reverse_chronological").queryParam("limit", 1)
        .get("/v21.0/" + postId + "/comments").then().statusCode(200)
        .body("data", hasSize(1))
        .body("data[0].id", equalTo(commentId))
        .body("data[0].from.id", equalTo(pageId))
        .body("paging.next", notNullValue());
    graph(page, postId + "/comments", Map.of()).then().statusCode(400).body("error.code", equalTo(100));
  }

  @Test
  void commentingWithoutPagesManageEngagementIsRefusedWithCode200() {
    var page = page(List.of("pages_show_list", "pages_read_engagement", "pages_manage_posts"));
    String postId = graph(page, page.get("pageId") + "/feed", Map.of("message", "Hello")).then().statusCode(200)
        .extract().path("id");

    graph(page, postId + "/comments", Map.of("message", "Hi")).then().statusCode(403)
        .body("error.code", equalTo(200)).body("error.message", containsString("pages_manage_engagement"));
  }
}
