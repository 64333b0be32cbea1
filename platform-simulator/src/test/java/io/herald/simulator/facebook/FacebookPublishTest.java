package io.herald.simulator.facebook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.simulator.SimFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FacebookPublishTest {

  @AfterEach
  void configuredTiming() {
    SimFixtures.facebookTiming(Map.of());
  }

  @Test
  void feedPostAnswersThePostIdAndShowsOnTheFeedWithUsageHeaders() throws Exception {
    var page = SimFixtures.page();
    String pageId = page.get("pageId");

    var response = given().contentType(ContentType.JSON)
        .header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("message", "Launch day!", "link", "https://example.com/launch"))
        .post("/v21.0/" + pageId + "/feed")
        .then().statusCode(200)
        .body("id", matchesPattern(pageId + "_\\d+"))
        .extract();
    String postId = response.path("id");
    var buc = new ObjectMapper().readTree(response.header("x-business-use-case-usage"));
    assertThat(buc.path(pageId).get(0).path("type").asText()).isEqualTo("pages");
    assertThat(buc.path(pageId).get(0).has("estimated_time_to_regain_access")).isTrue();
    assertThat(new ObjectMapper().readTree(response.header("x-app-usage")).has("call_count")).isTrue();

    given().queryParam("fields", "id,message,created_time").queryParam("limit", 10)
        .queryParam("access_token", page.get("pageToken"))
        .get("/v21.0/" + pageId + "/feed")
        .then().statusCode(200)
        .body("data", hasSize(1))
        .body("data[0].id", equalTo(postId))
        .body("data[0].message", equalTo("Launch day!"))
        .body("data[0].created_time", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0000"));
  }

  @Test
  void formBodiesAndTheAccessTokenParameterWorkToo() {
    var page = SimFixtures.page();

    given().contentType(ContentType.URLENC)
        .formParam("message", "form post").formParam("access_token", page.get("pageToken"))
        .post("/v20.0/" + page.get("pageId") + "/feed")
        .then().statusCode(200).body("id", notNullValue());

    given().queryParam("access_token", page.get("pageToken"))
        .get("/v20.0/" + page.get("pageId") + "/feed")
        .then().statusCode(200).body("data[0].message", equalTo("form post"));
  }

  @Test
  void feedIsNewestFirstAndPagesWithCursors() {
    var page = SimFixtures.page();
    for (int i = 1; i <= 3; i++) {
      post(page, Map.of("message", "post " + i)).then().statusCode(200);
    }

    var first = given().queryParam("access_token", page.get("pageToken")).queryParam("limit", 2)
        .get("/v21.0/" + page.get("pageId") + "/feed")
        .then().statusCode(200)
        .body("data.message", contains("post 3", "post 2"))
        .body("paging.next", notNullValue())
        .extract().jsonPath();
    given().queryParam("access_token", page.get("pageToken")).queryParam("limit", 2)
        .queryParam("after", first.getString("paging.cursors.after"))
        .get("/v21.0/" + page.get("pageId") + "/feed")
        .then().statusCode(200)
        .body("data.message", contains("post 1"));
  }

  @Test
  void sinceAndUntilFilterTheFeedByCreationTime() {
    var page = SimFixtures.page();
    post(page, Map.of("message", "recent")).then().statusCode(200);
    long inAMinute = Instant.now().plusSeconds(60).getEpochSecond();
    long aMinuteAgo = Instant.now().minusSeconds(60).getEpochSecond();

    given().queryParam("access_token", page.get("pageToken")).queryParam("since", inAMinute)
        .get("/v21.0/" + page.get("pageId") + "/feed").then().statusCode(200).body("data", hasSize(0));
    given().queryParam("access_token", page.get("pageToken")).queryParam("since", aMinuteAgo)
        .get("/v21.0/" + page.get("pageId") + "/feed").then().statusCode(200).body("data.message", contains("recent"));
    given().queryParam("access_token", page.get("pageToken")).queryParam("until", aMinuteAgo)
        .get("/v21.0/" + page.get("pageId") + "/feed").then().statusCode(200).body("data", hasSize(0));
    given().queryParam("access_token", page.get("pageToken")).queryParam("since", "yesterday")
        .get("/v21.0/" + page.get("pageId") + "/feed").then().statusCode(400).body("error.code", equalTo(100));
  }

  @Test
  void photoAnswersPhotoIdAndPostIdAndVideoAnswersVideoId() {
    var page = SimFixtures.page();
    String pageId = page.get("pageId");
    SimFixtures.facebookTiming(Map.of("videoProcessingTime", "PT0S"));

    given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("url", "https://cdn.example.com/x.jpg", "caption", "a photo", "published", true))
        .post("/v21.0/" + pageId + "/photos")
        .then().statusCode(200)
        .body("id", matchesPattern("\\d+"))
        .body("post_id", matchesPattern(pageId + "_\\d+"));

    String videoId = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("file_url", "https://cdn.example.com/v.mp4", "title", "T", "description", "a video"))
        .post("/v21.0/" + pageId + "/videos")
        .then().statusCode(200)
        .body("id", matchesPattern("\\d+"))
        .extract().path("id");

    given().queryParam("access_token", page.get("pageToken")).queryParam("fields", "status")
        .get("/v21.0/" + videoId)
        .then().statusCode(200).body("status.video_status", equalTo("ready"));

    given().queryParam("access_token", page.get("pageToken"))
        .get("/v21.0/" + pageId + "/feed")
        .then().statusCode(200).body("data.message", contains("a video", "a photo"));
  }

  @Test
  void missingOrBadTokensAnswerTheDocumentedGraphErrors() {
    var page = SimFixtures.page();

    given().contentType(ContentType.JSON).body(Map.of("message", "x"))
        .post("/v21.0/" + page.get("pageId") + "/feed")
        .then().statusCode(400).body("error.code", equalTo(104));
    given().contentType(ContentType.JSON).body(Map.of("message", "x", "access_token", "EAAgarbage"))
        .post("/v21.0/" + page.get("pageId") + "/feed")
        .then().statusCode(400).body("error.code", equalTo(190)).body("error.type", equalTo("OAuthException"));
    // a user token may not post to a Page
    post(Map.of("message", "x"), page.get("userToken"), page.get("pageId"))
        .then().statusCode(403).body("error.code", equalTo(200));
    // another Page's token
    var other = SimFixtures.page();
    post(Map.of("message", "x"), other.get("pageToken"), page.get("pageId"))
        .then().statusCode(403).body("error.code", equalTo(200));
  }

  @Test
  void expiredAndRevokedTokensAnswer190WithTheirSubcodes() {
    var expired = SimFixtures.page();
    given().contentType(ContentType.JSON).body(Map.of("account", expired.get("pageId")))
        .post("/_sim/tokens/expire").then().statusCode(200);
    post(expired, Map.of("message", "x")).then().statusCode(400)
        .body("error.code", equalTo(190)).body("error.error_subcode", equalTo(463))
        .body("error.message", containsString("Session has expired"));

    var revoked = SimFixtures.page();
    given().contentType(ContentType.JSON).body(Map.of("token", revoked.get("pageToken"), "subcode", 492))
        .post("/_sim/tokens/revoke").then().statusCode(200);
    post(revoked, Map.of("message", "x")).then().statusCode(400)
        .body("error.code", equalTo(190)).body("error.error_subcode", equalTo(492));

    assertThat(published(expired.get("pageId"))).isEmpty();
    assertThat(published(revoked.get("pageId"))).isEmpty();
  }

  @Test
  void invalidParametersAnswerCode100AndCreateNothing() {
    var page = SimFixtures.page();

    post(page, Map.of()).then().statusCode(400).body("error.code", equalTo(100));
    post(Map.of("message", "x"), page.get("pageToken"), "999999999")
        .then().statusCode(400).body("error.code", equalTo(100)).body("error.error_subcode", equalTo(33));
    given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("caption", "no url")).post("/v21.0/" + page.get("pageId") + "/photos")
        .then().statusCode(400).body("error.code", equalTo(324));
    given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("title", "no file")).post("/v21.0/" + page.get("pageId") + "/videos")
        .then().statusCode(400).body("error.code", equalTo(6000));
    given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body("{not json").post("/v21.0/" + page.get("pageId") + "/feed")
        .then().statusCode(400).body("error.code", equalTo(100));

    assertThat(published(page.get("pageId"))).isEmpty();
  }

  @Test
  void theSameMessageTwiceInARowIsADuplicate506() {
    var page = SimFixtures.page();
    post(page, Map.of("message", "same text")).then().statusCode(200);

    post(page, Map.of("message", "same text")).then().statusCode(400)
        .body("error.code", equalTo(506)).body("error.message", containsString("Duplicate status message"));

    assertThat(published(page.get("pageId"))).hasSize(1);
  }

  @Test
  void theDuplicateCheckComparesWithThePagesNewestPostNotTheLastOneStored() {
    var page = SimFixtures.page();
    post(page, Map.of("message", "today's news")).then().statusCode(200);
    // Stored after it, but written an hour earlier (on facebook.com): not the Page's latest post.
    PostsByOthersTest.seed(page, Map.of("message", "last hour's news",
        "createdTime", Instant.now().minusSeconds(3600).toString())).then().statusCode(201);

    post(page, Map.of("message", "last hour's news")).then().statusCode(200);
    post(page, Map.of("message", "last hour's news")).then().statusCode(400).body("error.code", equalTo(506));

    assertThat(published(page.get("pageId"))).hasSize(3);
  }

  @Test
  void scheduledPostsMustBeUnpublishedAndInsideTheWindow() {
    var page = SimFixtures.page();
    long inAnHour = Instant.now().plusSeconds(3600).getEpochSecond();

    post(page, Map.of("message", "too soon", "published", false,
        "scheduled_publish_time", Instant.now().plusSeconds(60).getEpochSecond()))
        .then().statusCode(400).body("error.code", equalTo(100));
    post(page, Map.of("message", "too late", "published", false,
        "scheduled_publish_time", Instant.now().plusSeconds(31L * 86400).getEpochSecond()))
        .then().statusCode(400).body("error.code", equalTo(100));
    post(page, Map.of("message", "published and scheduled", "scheduled_publish_time", inAnHour))
        .then().statusCode(400).body("error.code", equalTo(100));

    post(page, Map.of("message", "later", "published", false, "scheduled_publish_time", inAnHour))
        .then().statusCode(200);

    given().queryParam("access_token", page.get("pageToken")).get("/v21.0/" + page.get("pageId") + "/feed")
        .then().statusCode(200).body("data", hasSize(0));
    given().queryParam("access_token", page.get("pageToken"))
        .get("/v21.0/" + page.get("pageId") + "/scheduled_posts")
        .then().statusCode(200).body("data.message", contains("later"));
  }

  @Test
  void unpublishedPhotosCanBeAttachedToOneFeedPost() {
    var page = SimFixtures.page();
    String photo = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("url", "https://cdn.example.com/1.jpg", "published", false))
        .post("/v21.0/" + page.get("pageId") + "/photos")
        .then().statusCode(200).extract().path("id");

    post(page, Map.of("message", "album", "attached_media", List.of(Map.of("media_fbid", photo))))
        .then().statusCode(200);
    post(page, Map.of("message", "bad album", "attached_media", List.of(Map.of("media_fbid", "123"))))
        .then().statusCode(400).body("error.code", equalTo(100));

    var items = published(page.get("pageId"));
    assertThat(items).hasSize(1);
    assertThat(items.getFirst()).containsEntry("text", "album")
        .containsEntry("mediaUrls", List.of("https://cdn.example.com/1.jpg"));
  }

  @Test
  void thePageNodeGivesItsTokenOnlyToTheManagingUser() {
    var page = SimFixtures.page();

    given().queryParam("access_token", page.get("userToken")).queryParam("fields", "id,name,access_token")
        .get("/v21.0/" + page.get("pageId"))
        .then().statusCode(200)
        .body("id", equalTo(page.get("pageId")))
        .body("name", equalTo("Herald Demo Page"))
        .body("access_token", equalTo(page.get("pageToken")));
    given().queryParam("access_token", page.get("pageToken")).queryParam("fields", "access_token")
        .get("/v21.0/" + page.get("pageId"))
        .then().statusCode(403).body("error.code", equalTo(200));
    given().queryParam("access_token", SimFixtures.page().get("pageToken"))
        .get("/v21.0/" + page.get("pageId"))
        .then().statusCode(400).body("error.code", equalTo(100)).body("error.error_subcode", equalTo(33));
  }

  static io.restassured.response.Response post(Map<String, String> page, Map<String, Object> body) {
    return post(body, page.get("pageToken"), page.get("pageId"));
  }

  static io.restassured.response.Response post(Map<String, Object> body, String token, String pageId) {
    return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token).body(body)
        .post("/v21.0/" + pageId + "/feed");
  }

  static List<Map<String, Object>> published(String account) {
    return given().queryParam("platform", "FACEBOOK").queryParam("account", account)
        .get("/_sim/published").then().statusCode(200).extract().jsonPath().getList("");
  }
}
