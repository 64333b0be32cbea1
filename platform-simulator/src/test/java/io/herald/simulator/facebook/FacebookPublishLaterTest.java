package io.herald.simulator.facebook;

import static io.herald.simulator.facebook.FacebookPublishTest.post;
import static io.herald.simulator.facebook.FacebookPublishTest.published;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.herald.simulator.SimFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Unpublished posts and videos, published later by id; the Page's videos and photos edges. */
@QuarkusTest
class FacebookPublishLaterTest {

  @TestHTTPResource("/")
  URI base;

  @AfterEach
  void clear() {
    given().delete("/_sim/faults").then().statusCode(204);
    SimFixtures.facebookTiming(Map.of());
  }

  @Test
  void anUnpublishedPostIsOnNoFeedUntilPublishedByIdAndPublishingTwiceChangesNothing() {
    var page = SimFixtures.page();
    String postId = post(page, Map.of("message", "container", "published", false))
        .then().statusCode(200).extract().path("id");

    for (String edge : List.of("feed", "posts", "published_posts", "scheduled_posts")) {
      edge(page, edge).then().statusCode(200).body("data", hasSize(0));
    }
    read(page, postId, "is_published,message").then().statusCode(200).body("is_published", equalTo(false));
    assertThat(published(page.get("pageId"))).singleElement().satisfies(item ->
        assertThat(item).containsEntry("published", false).containsEntry("application", "simulated-app")
            .containsEntry("madeBy", "APP"));

    publish(page, postId, Map.of("is_published", true)).then().statusCode(200).body("success", equalTo(true));

    for (String edge : List.of("feed", "posts", "published_posts")) {
      edge(page, edge).then().statusCode(200).body("data.id", contains(postId));
    }
    read(page, postId, "is_published").then().body("is_published", equalTo(true));
    // the simulator's choice for an already published post (undocumented on Graph): success, nothing changes
    given().contentType(ContentType.URLENC).formParam("is_published", "true")
        .formParam("access_token", page.get("pageToken")).post("/v21.0/" + postId)
        .then().statusCode(200).body("success", equalTo(true));
    edge(page, "feed").then().body("data.id", contains(postId));
    assertThat(published(page.get("pageId"))).singleElement().satisfies(item ->
        assertThat(item).containsEntry("id", postId).containsEntry("published", true));
  }

  @Test
  void publishingSomethingUnknownOrOfAnotherPageIsUnsupported() {
    var page = SimFixtures.page();
    var other = SimFixtures.page();
    String othersPost = post(other, Map.of("message", "theirs", "published", false))
        .then().statusCode(200).extract().path("id");

    for (String id : List.of("999999", othersPost)) {
      publish(page, id, Map.of("is_published", true)).then().statusCode(400)
          .body("error.code", equalTo(100)).body("error.error_subcode", equalTo(33))
          .body("error.message", equalTo("Unsupported post request. Object with ID '" + id + "' does not exist, "
              + "cannot be loaded due to missing permissions, or does not support this operation."))
          .body("error", hasKey("fbtrace_id"));
    }
    read(other, othersPost, "is_published").then().body("is_published", equalTo(false));
  }

  @Test
  void anInjectedFaultOnPublishingLeavesThePostUnpublished() {
    var page = SimFixtures.page();
    String postId = post(page, Map.of("message", "still hidden", "published", false))
        .then().statusCode(200).extract().path("id");
    fault(Map.of("endpoint", "facebook.publish", "status", 500, "code", "2", "count", 1));

    publish(page, postId, Map.of("is_published", true)).then().statusCode(500)
        .body("error.code", equalTo(2)).body("error.is_transient", equalTo(true));

    read(page, postId, "is_published").then().body("is_published", equalTo(false));
    edge(page, "feed").then().body("data", hasSize(0));
  }

  @Test
  void aPublishAnsweredAfterTheClientGaveUpHasStillPublished() throws Exception {
    var page = SimFixtures.page();
    String postId = post(page, Map.of("message", "published anyway", "published", false))
        .then().statusCode(200).extract().path("id");
    fault(Map.of("endpoint", "facebook.publish", "mode", "SUCCEED_THEN_LATE", "latencyMs", 3000, "count", 1));

    var request = HttpRequest.newBuilder(base.resolve("v21.0/" + postId))
        .timeout(Duration.ofMillis(500))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + page.get("pageToken"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"is_published\":true}"))
        .build();
    try (var client = HttpClient.newHttpClient()) {
      assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(HttpTimeoutException.class);
    }

    Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        edge(page, "feed").then().body("data.id", contains(postId)));
  }

  @Test
  void aVideoProcessesThenShowsOnTheFeedAndAnUnpublishedOneWaitsForItsPublish() {
    var page = SimFixtures.page();
    // Long enough that the reads below come before processing ends on a busy machine.
    SimFixtures.facebookTiming(Map.of("videoProcessingTime", "PT4S"));
    String shown = video(page, Map.of("description", "public video"));
    String hidden = video(page, Map.of("description", "later video", "published", false));

    read(page, shown, "status,published,post_id").then().statusCode(200)
        .body("status.video_status", equalTo("processing")).body("published", equalTo(true))
        .body("post_id", equalTo(page.get("pageId") + "_" + shown));
    read(page, hidden, "published,post_id").then().body("published", equalTo(false)).body("$", not(hasKey("post_id")));
    edge(page, "feed").then().body("data", hasSize(0));

    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        edge(page, "feed").then().body("data.id", contains(page.get("pageId") + "_" + shown)));
    read(page, shown, "status").then().body("status.video_status", equalTo("ready"))
        .body("status.processing_progress", equalTo(100));

    publish(page, hidden, Map.of("is_published", true)).then().statusCode(400).body("error.code", equalTo(100));
    publish(page, hidden, Map.of("published", true)).then().statusCode(200).body("success", equalTo(true));
    publish(page, hidden, Map.of("published", true)).then().statusCode(200).body("success", equalTo(true));

    edge(page, "feed").then().body("data.id", contains(page.get("pageId") + "_" + hidden,
        page.get("pageId") + "_" + shown));
    read(page, hidden, "published,post_id,application,admin_creator").then().body("published", equalTo(true))
        .body("post_id", equalTo(page.get("pageId") + "_" + hidden))
        .body("application.id", equalTo("simulated-app")).body("admin_creator.id", equalTo(page.get("userId")));
  }

  @Test
  void theVideosEdgeListsEveryVideoNewestFirstWithPaging() {
    var page = SimFixtures.page();
    String first = video(page, Map.of("description", "one", "title", "First"));
    String second = video(page, Map.of("description", "two", "published", false));
    String third = video(page, Map.of("description", "three"));

    var answer = given().queryParam("access_token", page.get("pageToken")).queryParam("limit", 2)
        .queryParam("fields", "id,title,description,published,status")
        .get("/v21.0/" + page.get("pageId") + "/videos")
        .then().statusCode(200)
        .body("data.id", contains(third, second))
        .body("data[1].published", equalTo(false))
        .body("data[0].status.video_status", equalTo("processing"))
        .extract().jsonPath();
    given().queryParam("access_token", page.get("pageToken")).queryParam("limit", 2)
        .queryParam("fields", "id,title").queryParam("after", answer.getString("paging.cursors.after"))
        .get("/v21.0/" + page.get("pageId") + "/videos")
        .then().statusCode(200).body("data.id", contains(first)).body("data[0].title", equalTo("First"));
    given().queryParam("access_token", page.get("pageToken")).queryParam("fields", "id,likes")
        .get("/v21.0/" + page.get("pageId") + "/videos").then().statusCode(400).body("error.code", equalTo(100));
  }

  @Test
  void theUploadedPhotosEdgeTellsWhichPostEachPhotoBelongsTo() {
    var page = SimFixtures.page();
    String attached = FacebookReadBackTest.upload(page, "https://cdn.example.com/a.jpg");
    String loose = FacebookReadBackTest.upload(page, "https://cdn.example.com/b.jpg");
    String postId = post(page, Map.of("message", "one photo",
            "attached_media", List.of(Map.of("media_fbid", attached))))
        .then().statusCode(200).extract().path("id");
    var own = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("url", "https://cdn.example.com/c.jpg", "caption", "own post"))
        .post("/v21.0/" + page.get("pageId") + "/photos").then().statusCode(200).extract().jsonPath();

    given().queryParam("access_token", page.get("pageToken")).queryParam("type", "uploaded")
        .queryParam("fields", "id,created_time,page_story_id,application")
        .get("/v21.0/" + page.get("pageId") + "/photos")
        .then().statusCode(200)
        .body("data.id", contains(own.getString("id"), loose, attached))
        .body("data[0].page_story_id", equalTo(own.getString("post_id")))
        .body("data[1]", not(hasKey("page_story_id")))
        .body("data[2].page_story_id", equalTo(postId))
        .body("data[2].application.id", equalTo("simulated-app"));
    read(page, attached, "id,page_story_id,images").then().statusCode(200)
        .body("page_story_id", equalTo(postId)).body("images[0].source", equalTo("https://cdn.example.com/a.jpg"));
    // without type=uploaded Graph lists the photos the Page is tagged in
    given().queryParam("access_token", page.get("pageToken")).get("/v21.0/" + page.get("pageId") + "/photos")
        .then().statusCode(200).body("data", hasSize(0));
  }

  static Response publish(Map<String, String> page, String id, Map<String, Object> body) {
    return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(body).post("/v21.0/" + id);
  }

  static Response read(Map<String, String> page, String id, String fields) {
    return given().queryParam("access_token", page.get("pageToken")).queryParam("fields", fields)
        .get("/v21.0/" + id);
  }

  static Response edge(Map<String, String> page, String edge) {
    return given().queryParam("access_token", page.get("pageToken")).get("/v21.0/" + page.get("pageId") + "/" + edge);
  }

  static String video(Map<String, String> page, Map<String, Object> fields) {
    var body = new java.util.HashMap<String, Object>(fields);
    body.put("file_url", "https://cdn.example.com/v.mp4");
    return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(body).post("/v21.0/" + page.get("pageId") + "/videos").then().statusCode(200).extract().path("id");
  }

  static void fault(Map<String, Object> fault) {
    given().contentType(ContentType.JSON).body(fault).post("/_sim/faults").then().statusCode(201);
  }
}
