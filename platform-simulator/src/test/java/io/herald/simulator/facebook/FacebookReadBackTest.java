package io.herald.simulator.facebook;

import static io.herald.simulator.facebook.FacebookPublishTest.post;
import static io.herald.simulator.facebook.FacebookPublishTest.published;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.herald.simulator.SimFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What reading a Page back shows: authorship, attachments, nested fields, paging, normalised text, late posts. */
@QuarkusTest
class FacebookReadBackTest {
  static final String FIELDS = "id,message,created_time,application,admin_creator,status_type,from,"
      + "attachments{type,subattachments{target{id}},target{id}}";

  @AfterEach
  void configuredTiming() {
    SimFixtures.facebookTiming(Map.of());
  }

  @Test
  void postsCarryTheAppThatCreatedThemTheAdminAndThePage() {
    var page = SimFixtures.page();
    String postId = post(page, Map.of("message", "by Herald")).then().statusCode(200).extract().path("id");

    var feed = feed(page, Map.of("fields", FIELDS));
    assertThat(feed.getMap("data[0]")).containsEntry("id", postId).containsEntry("message", "by Herald")
        .containsEntry("status_type", "mobile_status_update")
        .containsEntry("application", Map.of("category", "Business", "link", "https://herald.example",
            "name", "Simulated app", "id", "simulated-app"))
        .containsEntry("admin_creator", Map.of("id", page.get("userId"), "name", "Herald Demo User"))
        .containsEntry("from", Map.of("id", page.get("pageId"), "name", "Herald Demo Page"))
        .doesNotContainKey("attachments");
    given().queryParam("access_token", page.get("pageToken"))
        .queryParam("fields", "is_published,created_time,message,application,admin_creator")
        .get("/v21.0/" + postId)
        .then().statusCode(200)
        .body("is_published", equalTo(true))
        .body("application.id", equalTo("simulated-app"))
        .body("admin_creator.id", equalTo(page.get("userId")));
  }

  @Test
  void attachmentsNameThePhotosAndVideosOfEachPost() {
    var page = SimFixtures.page();
    SimFixtures.facebookTiming(Map.of("videoProcessingTime", "PT0S"));
    String first = upload(page, "https://cdn.example.com/1.jpg");
    String second = upload(page, "https://cdn.example.com/2.jpg");
    String single = upload(page, "https://cdn.example.com/3.jpg");
    post(page, Map.of("message", "album", "attached_media", List.of(Map.of("media_fbid", first),
        Map.of("media_fbid", second)))).then().statusCode(200);
    post(page, Map.of("attached_media", List.of(Map.of("media_fbid", single)))).then().statusCode(200);
    String photo = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("url", "https://cdn.example.com/4.jpg")).post("/v21.0/" + page.get("pageId") + "/photos")
        .then().statusCode(200).extract().path("id");
    String video = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("file_url", "https://cdn.example.com/v.mp4")).post("/v21.0/" + page.get("pageId") + "/videos")
        .then().statusCode(200).extract().path("id");
    post(page, Map.of("message", "a link", "link", "https://example.com/a")).then().statusCode(200);

    var feed = feed(page, Map.of("fields", FIELDS));

    assertThat(feed.getList("data.status_type"))
        .containsExactly("shared_story", "added_video", "added_photos", "added_photos", "added_photos");
    assertThat(feed.getString("data[0].attachments.data[0].type")).isEqualTo("share");
    assertThat(feed.getString("data[1].attachments.data[0].type")).isEqualTo("video_inline");
    assertThat(feed.getString("data[1].attachments.data[0].target.id")).isEqualTo(video);
    assertThat(feed.getString("data[2].attachments.data[0].target.id")).isEqualTo(photo);
    assertThat(feed.getString("data[3].attachments.data[0].target.id")).isEqualTo(single);
    assertThat(feed.getMap("data[3]")).doesNotContainKey("message");
    assertThat(feed.getString("data[4].attachments.data[0].type")).isEqualTo("album");
    assertThat(feed.getList("data[4].attachments.data[0].subattachments.data.target.id"))
        .containsExactly(first, second);
    assertThat(feed.getMap("data[4].attachments.data[0].subattachments.data[0]")).containsOnlyKeys("target");
  }

  @Test
  void photosAndVideosWithoutTextHaveNoMessageAnywhere() {
    var page = SimFixtures.page();
    SimFixtures.facebookTiming(Map.of("videoProcessingTime", "PT0S"));
    String photo = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("url", "https://cdn.example.com/p.jpg", "caption", " \r\n "))
        .post("/v21.0/" + page.get("pageId") + "/photos").then().statusCode(200).extract().path("id");
    String video = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("file_url", "https://cdn.example.com/v.mp4")).post("/v21.0/" + page.get("pageId") + "/videos")
        .then().statusCode(200).extract().path("id");

    given().queryParam("access_token", page.get("pageToken")).get("/v21.0/" + page.get("pageId") + "/feed")
        .then().statusCode(200).body("data", hasSize(2)).body("data[0]", not(hasKey("message")))
        .body("data[1]", not(hasKey("message")));
    given().queryParam("access_token", page.get("pageToken")).get("/v21.0/" + photo)
        .then().statusCode(200).body("$", not(hasKey("name"))).body("$", not(hasKey("message")));
    given().queryParam("access_token", page.get("pageToken")).get("/v21.0/" + video)
        .then().statusCode(200).body("$", not(hasKey("description")));
    assertThat(published(page.get("pageId"))).allSatisfy(item -> assertThat(item).doesNotContainKey("text"));
  }

  @Test
  void messagesAreStoredNormalisedSoTheOriginalTextNoLongerMatches() {
    var page = SimFixtures.page();
    String sent = "Launch day!\r\nSee you there.  \n";
    String postId = post(page, Map.of("message", sent)).then().statusCode(200).extract().path("id");

    String stored = feed(page, Map.of()).getString("data[0].message");

    assertThat(stored).isEqualTo("Launch day!\nSee you there.").isNotEqualTo(sent);
    given().queryParam("access_token", page.get("pageToken")).get("/v21.0/" + postId)
        .then().body("message", equalTo(stored));
    assertThat(published(page.get("pageId")).getFirst()).containsEntry("text", stored);
    // the stored text is what the duplicate check compares
    post(page, Map.of("message", "Launch day!\nSee you there.")).then().statusCode(400)
        .body("error.code", equalTo(506));
  }

  @Test
  void pagingNextIsAnAbsoluteUrlWithoutTheTokenThatCarriesTheQuery() {
    var page = SimFixtures.page();
    for (int i = 1; i <= 3; i++) {
      post(page, Map.of("message", "post " + i)).then().statusCode(200);
    }

    var first = feed(page, Map.of("limit", 2, "fields", "id,message,attachments{target{id}}"));
    String next = first.getString("paging.next");

    assertThat(next).startsWith("http://localhost:8090/v21.0/" + page.get("pageId") + "/feed?limit=2&after=")
        .contains("fields=id%2Cmessage%2Cattachments%7Btarget%7Bid%7D%7D").doesNotContain("access_token")
        .contains("after=" + first.getString("paging.cursors.after"));
    var uri = URI.create(next);
    given().urlEncodingEnabled(false).queryParam("access_token", page.get("pageToken"))
        .get(uri.getRawPath() + "?" + uri.getRawQuery())
        .then().statusCode(200).body("data.message", contains("post 1")).body("paging.next", nullValue());
  }

  @Test
  void unknownTopLevelFieldsAreStillCode100() {
    var page = SimFixtures.page();
    given().queryParam("access_token", page.get("pageToken")).queryParam("fields", "id,likes{summary}")
        .get("/v21.0/" + page.get("pageId") + "/feed")
        .then().statusCode(400).body("error.code", equalTo(100)).body("error.message", containsString("(likes)"));
  }

  @Test
  void aNewPostShowsOnTheFeedOnlyAfterTheVisibilityDelayButItsIdReadsAtOnce() {
    var page = SimFixtures.page();
    SimFixtures.facebookTiming(Map.of("feedVisibilityDelay", "PT1.5S"));
    String postId = post(page, Map.of("message", "late to the feed")).then().statusCode(200).extract().path("id");

    given().queryParam("access_token", page.get("pageToken")).get("/v21.0/" + postId)
        .then().statusCode(200).body("message", equalTo("late to the feed"));
    assertThat(feed(page, Map.of()).getList("data")).isEmpty();

    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(feed(page, Map.of()).getList("data.id")).containsExactly(postId));
  }

  static JsonPath feed(Map<String, String> page, Map<String, Object> query) {
    return given().queryParam("access_token", page.get("pageToken")).queryParams(query)
        .get("/v21.0/" + page.get("pageId") + "/feed").then().statusCode(200).extract().jsonPath();
  }

  static String upload(Map<String, String> page, String url) {
    return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("url", url, "published", false)).post("/v21.0/" + page.get("pageId") + "/photos")
        .then().statusCode(200).body("$", not(hasKey("post_id"))).extract().path("id");
  }
}
