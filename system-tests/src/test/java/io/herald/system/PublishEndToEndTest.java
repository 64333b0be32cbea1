package io.herald.system;

import static io.herald.system.HeraldSystem.CONTENT;
import static io.herald.system.HeraldSystem.SIMULATOR;
import static io.herald.system.HeraldSystem.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A user's first day: sign up, connect a Page and a TikTok account, post to both, see it published once each. */
class PublishEndToEndTest {

  @BeforeAll
  static void startHerald() {
    HeraldSystem.start();
  }

  @Test
  void postToFacebookAndTikTokIsPublishedOnceOnEach() {
    String token = HeraldSystem.signUp();
    String facebook = HeraldSystem.connect(token, "FACEBOOK");
    String tiktok = HeraldSystem.connect(token, "TIKTOK");
    String text = "System test " + UUID.randomUUID();

    String postId = given().baseUri(url(CONTENT)).auth().oauth2(token).contentType(ContentType.JSON)
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .body(Map.of(
            "text", text,
            "media", List.of(Map.of("type", "VIDEO", "url", "https://cdn.example.com/system-test.mp4")),
            "targets", List.of(
                Map.of("socialAccountId", facebook),
                Map.of("socialAccountId", tiktok, "options", Map.of(
                    "privacyLevel", "SELF_ONLY", "disableComment", true, "disableDuet", true, "disableStitch", true,
                    "videoCoverTimestampMs", 1500, "consentConfirmed", true)))))
        .post("/api/v1/posts")
        .then().statusCode(201).extract().path("id");

    await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
        given().baseUri(url(CONTENT)).auth().oauth2(token).get("/api/v1/posts/" + postId)
            .then().statusCode(200)
            .body("status", org.hamcrest.Matchers.equalTo("PUBLISHED"))
            .body("targets.externalId", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.notNullValue())));

    assertThat(publishedWithText(text)).extracting(item -> item.get("platform"))
        .containsExactlyInAnyOrder("FACEBOOK", "TIKTOK");
    // the user's choices reached TikTok as it takes them: the cover frame and the interactions turned off
    Map<String, Object> onTikTok = publishedWithText(text).stream()
        .filter(item -> "TIKTOK".equals(item.get("platform"))).findFirst().orElseThrow();
    assertThat(onTikTok).containsEntry("videoCoverTimestampMs", 1500).containsEntry("disableComment", true)
        .containsEntry("disableDuet", true).containsEntry("disableStitch", true);
  }

  /** What went public with this text: Facebook posts once published (not while unpublished), every TikTok publish. */
  static List<Map<String, Object>> publishedWithText(String text) {
    List<Map<String, Object>> all = given().baseUri(url(SIMULATOR)).get("/_sim/published")
        .then().statusCode(200).extract().jsonPath().getList("$");
    return all.stream().filter(item -> text.equals(item.get("text")) || text.equals(item.get("title")))
        .filter(item -> !"FACEBOOK".equals(item.get("platform")) || Boolean.TRUE.equals(item.get("published")))
        .toList();
  }
}
