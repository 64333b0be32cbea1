package io.herald.system;

import static io.herald.system.HeraldSystem.AUTH;
import static io.herald.system.HeraldSystem.CONTENT;
import static io.herald.system.HeraldSystem.LATE_MS;
import static io.herald.system.HeraldSystem.SIMULATOR;
import static io.herald.system.HeraldSystem.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.lessThan;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly once at every edge, against the simulator's Graph and TikTok: answers lost in both directions, Pages busy
 * with posts of their admins and other apps, message-less and repeated posts, a token revoked in the middle, a TikTok
 * init answered after the timeout, and Redis restarted empty while retries and polls are pending.
 */
class ExactlyOnceTest {
  static final String PHOTO = "https://cdn.example.com/same-photo.jpg";

  @BeforeAll
  static void startHerald() {
    HeraldSystem.start();
  }

  @AfterEach
  void clearFaults() {
    HeraldSystem.resetAfterTest();
  }

  @Test
  void photoOnlyAndSameTextPostsOnABusyPageArePublishedOnceEachWhateverTheirAnswersDid() {
    String token = HeraldSystem.signUp();
    String account = HeraldSystem.connect(token, "FACEBOOK");
    String page = pageOf(token, account);
    String text = "Same text " + UUID.randomUUID();
    // The Page is busy with posts Herald did not make: an admin's with the same text, an admin's photo without
    // text, another app's with the same text.
    seedPosts(page, Map.of("message", text, "count", 2));
    seedPosts(page, Map.of("kind", "PHOTO", "mediaUrls", List.of(PHOTO)));
    seedPosts(page, Map.of("message", text, "appId", "another-app"));
    // Two publish calls time out without landing, two land and answer after the timeout.
    fault(Map.of("endpoint", "facebook.publish", "mode", "FAIL", "status", 500, "latencyMs", LATE_MS, "count", 2));
    fault(Map.of("endpoint", "facebook.publish", "mode", "SUCCEED_THEN_LATE", "latencyMs", LATE_MS, "count", 2));

    List<String> posts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      posts.add(createPost(token, Map.of("text", "", "media", List.of(Map.of("type", "IMAGE", "url", PHOTO)),
          "targets", List.of(Map.of("socialAccountId", account)))));
      posts.add(createPost(token, Map.of("text", text, "targets", List.of(Map.of("socialAccountId", account)))));
    }

    List<String> externalIds = posts.stream().map(post -> awaitPublished(token, post, Duration.ofMinutes(2))).toList();
    assertThat(externalIds).doesNotHaveDuplicates();
    List<Map<String, Object>> ours = publicByHerald(page);
    assertThat(ours).extracting(item -> item.get("id")).containsExactlyInAnyOrderElementsOf(externalIds);
    assertThat(ours.stream().filter(item -> text.equals(item.get("text")))).hasSize(2);
  }

  @Test
  void aBurstOfMorePostsThanAFeedPageHoldsWithLateAnswersIsPublishedOnceEach() {
    String token = HeraldSystem.signUp();
    String account = HeraldSystem.connect(token, "FACEBOOK");
    String page = pageOf(token, account);
    String run = UUID.randomUUID().toString();
    seedPosts(page, Map.of("message", "Admin news " + run, "count", 30));
    fault(Map.of("endpoint", "facebook.publish", "mode", "SUCCEED_THEN_LATE", "latencyMs", LATE_MS,
        "probability", 0.05, "count", 3));

    List<String> posts = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      posts.add(createPost(token, Map.of("text", "Burst " + i + " " + run,
          "targets", List.of(Map.of("socialAccountId", account)))));
    }

    List<String> externalIds = posts.stream().map(post -> awaitPublished(token, post, Duration.ofMinutes(2))).toList();
    assertThat(externalIds).doesNotHaveDuplicates();
    assertThat(publicByHerald(page)).extracting(item -> item.get("id"))
        .containsExactlyInAnyOrderElementsOf(externalIds);
  }

  @Test
  void aLateAnswerThenATokenRefusedOnTheReadThenReconnectAndRetryPublishesOnce() {
    Map<String, Object> seeded = given().baseUri(url(SIMULATOR)).contentType(ContentType.JSON)
        .body(Map.of("name", "Reconnected Page")).post("/_sim/facebook/pages")
        .then().statusCode(201).extract().jsonPath().getMap("$");
    String page = (String) seeded.get("pageId");
    // The OAuth dialog logs in as the Page's user, so connecting (and reconnecting) brings that Page.
    given().baseUri(url(SIMULATOR)).contentType(ContentType.JSON)
        .body(Map.of("consent", "APPROVE", "userId", seeded.get("userId"))).put("/_sim/oauth/facebook")
        .then().statusCode(lessThan(300));
    String token = HeraldSystem.signUp();
    String account = HeraldSystem.connect(token, "FACEBOOK");
    String text = "Reauth in the middle " + UUID.randomUUID();
    fault(Map.of("endpoint", "facebook.publish", "mode", "SUCCEED_THEN_LATE", "latencyMs", LATE_MS, "count", 1));

    String post = createPost(token, Map.of("text", text, "targets", List.of(Map.of("socialAccountId", account))));
    await().atMost(Duration.ofSeconds(30)).until(() -> publicByHerald(page).stream()
        .anyMatch(item -> text.equals(item.get("text"))));
    // The password changed on Facebook: every token of the Page is refused (190/460) when the worker reads.
    given().baseUri(url(SIMULATOR)).contentType(ContentType.JSON).body(Map.of("account", page))
        .post("/_sim/tokens/revoke").then().statusCode(200);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(url(CONTENT)).auth().oauth2(token)
        .get("/api/v1/posts/" + post).then().statusCode(200)
        .body("targets[0].status", org.hamcrest.Matchers.equalTo("FAILED"))
        .body("targets[0].lastError.code", org.hamcrest.Matchers.equalTo("needs_reauth")));

    assertThat(HeraldSystem.connect(token, "FACEBOOK")).isEqualTo(account);
    given().baseUri(url(CONTENT)).auth().oauth2(token).contentType(ContentType.JSON)
        .post("/api/v1/posts/" + post + "/retry").then().statusCode(200);

    awaitPublished(token, post, Duration.ofMinutes(1));
    assertThat(publicByHerald(page).stream().filter(item -> text.equals(item.get("text")))).hasSize(1);
  }

  @Test
  void aTikTokInitAnsweredAfterTheTimeoutIsSettledByTikToksWebhookWithoutASecondInit() {
    String token = HeraldSystem.signUp();
    String account = HeraldSystem.connect(token, "TIKTOK");
    String openId = accountOf(token, account).get("externalId").toString();
    fault(Map.of("endpoint", "tiktok.video_init", "mode", "SUCCEED_THEN_LATE", "latencyMs", LATE_MS, "count", 1));

    String post = createPost(token, tiktokVideo(account, "Late init " + UUID.randomUUID()));

    awaitPublished(token, post, Duration.ofMinutes(2));
    assertThat(published("TIKTOK", openId)).hasSize(1);
  }

  @Test
  void anOutcomeNoOneCanKnowIsShownAsSuchAndTheUserSaysItIsThere() {
    String token = HeraldSystem.signUp();
    String account = HeraldSystem.connect(token, "TIKTOK");
    String openId = accountOf(token, account).get("externalId").toString();
    fault(Map.of("endpoint", "tiktok.video_init", "mode", "SUCCEED_THEN_LATE", "latencyMs", LATE_MS, "count", 1));
    fault(Map.of("endpoint", "tiktok.webhook", "mode", "FAIL", "status", 500, "count", 5));

    String post = createPost(token, tiktokVideo(account, "Nobody knows " + UUID.randomUUID()));

    String target = await().atMost(Duration.ofMinutes(2)).until(() -> {
      var view = given().baseUri(url(CONTENT)).auth().oauth2(token).get("/api/v1/posts/" + post).then()
          .statusCode(200).extract().jsonPath();
      return "UNKNOWN_OUTCOME".equals(view.getString("status")) ? view.getString("targets[0].id") : null;
    }, Objects::nonNull);
    assertThat(published("TIKTOK", openId)).hasSize(1);

    given().baseUri(url(CONTENT)).auth().oauth2(token).contentType(ContentType.JSON)
        .body(Map.of("resolution", "PUBLISHED", "externalUrl", "https://www.tiktok.com/@herald/video/1"))
        .post("/api/v1/posts/" + post + "/targets/" + target + "/resolve").then().statusCode(200);
    given().baseUri(url(CONTENT)).auth().oauth2(token).get("/api/v1/posts/" + post).then().statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("PUBLISHED"));
    assertThat(published("TIKTOK", openId)).hasSize(1);
  }

  @Test
  void redisRestartedEmptyWithRetriesAndPollsPendingLosesNothingAndDoublesNothing() {
    String token = HeraldSystem.signUp();
    String facebook = HeraldSystem.connect(token, "FACEBOOK");
    String tiktok = HeraldSystem.connect(token, "TIKTOK");
    String page = pageOf(token, facebook);
    String openId = accountOf(token, tiktok).get("externalId").toString();
    String text = "Redis forgot " + UUID.randomUUID();
    fault(Map.of("endpoint", "facebook.feed", "mode", "FAIL", "status", 500, "code", "1", "count", 1));
    fault(Map.of("endpoint", "tiktok.status", "mode", "FAIL", "status", 500, "count", 2));
    fault(Map.of("endpoint", "tiktok.webhook", "mode", "FAIL", "status", 500, "count", 5));

    String facebookPost = createPost(token, Map.of("text", text,
        "targets", List.of(Map.of("socialAccountId", facebook))));
    String tiktokPost = createPost(token, tiktokVideo(tiktok, text));
    // A Facebook retry waits in the delayed set, a TikTok status poll chain is running.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(targetOf(token, facebookPost).get("lastError")).isNotNull();
      assertThat(targetOf(token, tiktokPost).get("status")).isEqualTo("PUBLISHING");
    });
    HeraldSystem.redis("FLUSHDB");

    awaitPublished(token, facebookPost, Duration.ofMinutes(2));
    awaitPublished(token, tiktokPost, Duration.ofMinutes(2));
    assertThat(publicByHerald(page).stream().filter(item -> text.equals(item.get("text")))).hasSize(1);
    assertThat(published("TIKTOK", openId)).hasSize(1);
  }

  static Map<String, Object> tiktokVideo(String account, String text) {
    return Map.of("text", text,
        "media", List.of(Map.of("type", "VIDEO", "url", "https://cdn.example.com/" + UUID.randomUUID() + ".mp4")),
        "targets", List.of(Map.of("socialAccountId", account, "options", Map.of("privacyLevel", "SELF_ONLY",
            "disableComment", true, "disableDuet", true, "disableStitch", true))));
  }

  static String createPost(String token, Map<String, Object> body) {
    return given().baseUri(url(CONTENT)).auth().oauth2(token).contentType(ContentType.JSON).body(body)
        .post("/api/v1/posts").then().statusCode(201).extract().path("id");
  }

  /**
   * Waits until the post is PUBLISHED and answers its (first) target's external id. The first look is at once (a
   * fixed poll interval otherwise delays it by as much: half a second per post of a burst already published).
   */
  static String awaitPublished(String token, String post, Duration within) {
    return await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
      var view = given().baseUri(url(CONTENT)).auth().oauth2(token).get("/api/v1/posts/" + post)
          .then().statusCode(200).extract().jsonPath();
      return "PUBLISHED".equals(view.getString("status")) ? view.getString("targets[0].externalId") : null;
    }, Objects::nonNull);
  }

  static Map<String, Object> targetOf(String token, String post) {
    return given().baseUri(url(CONTENT)).auth().oauth2(token).get("/api/v1/posts/" + post)
        .then().statusCode(200).extract().jsonPath().getMap("targets[0]");
  }

  static Map<String, Object> accountOf(String token, String account) {
    return given().baseUri(url(AUTH)).auth().oauth2(token).get("/api/v1/social-accounts/" + account)
        .then().statusCode(200).extract().jsonPath().getMap("$");
  }

  static String pageOf(String token, String account) {
    return accountOf(token, account).get("externalId").toString();
  }

  static void seedPosts(String page, Map<String, Object> body) {
    given().baseUri(url(SIMULATOR)).contentType(ContentType.JSON).body(new HashMap<>(body))
        .post("/_sim/facebook/pages/" + page + "/posts").then().statusCode(201);
  }

  static void fault(Map<String, Object> fault) {
    given().baseUri(url(SIMULATOR)).contentType(ContentType.JSON).body(fault).post("/_sim/faults")
        .then().statusCode(201);
  }

  static List<Map<String, Object>> published(String platform, String account) {
    return given().baseUri(url(SIMULATOR)).queryParam("platform", platform).queryParam("account", account)
        .get("/_sim/published").then().statusCode(200).extract().jsonPath().getList("$");
  }

  /** The Page's public posts made by Herald's app (not by its admins, visitors or other apps). */
  static List<Map<String, Object>> publicByHerald(String page) {
    return published("FACEBOOK", page).stream()
        .filter(item -> Boolean.TRUE.equals(item.get("published")) && "APP".equals(item.get("madeBy"))
            && !"another-app".equals(item.get("application")))
        .toList();
  }
}
