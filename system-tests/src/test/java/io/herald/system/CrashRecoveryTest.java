package io.herald.system;

import static io.herald.system.HeraldSystem.CONTENT;
import static io.herald.system.HeraldSystem.SIMULATOR;
import static io.herald.system.HeraldSystem.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What peers get wrong: a publish whose answer never reaches the worker must still happen exactly once. */
class CrashRecoveryTest {

  @BeforeAll
  static void startHerald() {
    HeraldSystem.start();
  }

  @AfterEach
  void clearFaults() {
    given().baseUri(url(SIMULATOR)).delete("/_sim/faults").then().statusCode(org.hamcrest.Matchers.lessThan(300));
    HeraldSystem.restartMissing();
  }

  @Test
  void workerKilledAfterThePlatformCreatedThePostPublishesItOnce() {
    String token = HeraldSystem.signUp();
    String facebook = HeraldSystem.connect(token, "FACEBOOK");
    String text = "Crash test " + UUID.randomUUID();
    facebookAnswersLate();

    String postId = createPost(token, facebook, text);
    await().atMost(Duration.ofSeconds(30)).until(() -> PublishEndToEndTest.publishedWithText(text).size() == 1);
    HeraldSystem.kill("publisher-worker");
    HeraldSystem.restartMissing();

    awaitPublished(token, postId);
    assertThat(PublishEndToEndTest.publishedWithText(text)).hasSize(1);
  }

  @Test
  void answerArrivingAfterTheTimeoutDoesNotPublishTwice() {
    String token = HeraldSystem.signUp();
    String facebook = HeraldSystem.connect(token, "FACEBOOK");
    String text = "Late answer " + UUID.randomUUID();
    facebookAnswersLate();

    String postId = createPost(token, facebook, text);

    awaitPublished(token, postId);
    assertThat(PublishEndToEndTest.publishedWithText(text)).hasSize(1);
  }

  @Test
  void jobsLostWithRedisDataArePublishedOnceAfterTheReconcilerEnqueuesThemAgain() {
    String token = HeraldSystem.signUp();
    String facebook = HeraldSystem.connect(token, "FACEBOOK");
    String text = "Redis lost it " + UUID.randomUUID();
    HeraldSystem.kill("publisher-worker");

    String postId = createPost(token, facebook, text);
    // The job reached the stream; then Redis restarts without persistence: streams and groups are gone.
    await().atMost(Duration.ofSeconds(30)).until(() ->
        HeraldSystem.redis("XREVRANGE", "herald:{jobs}:normal", "+", "-", "COUNT", "10").contains(postId));
    HeraldSystem.redis("FLUSHDB");
    HeraldSystem.restartMissing();

    awaitPublished(token, postId);
    assertThat(PublishEndToEndTest.publishedWithText(text)).hasSize(1);
  }

  /** Facebook publishes the next post, then holds its answer past the worker's call timeout. */
  private static void facebookAnswersLate() {
    given().baseUri(url(SIMULATOR)).contentType(ContentType.JSON)
        .body(HeraldSystem.fault("facebook.publish", "SUCCEED_THEN_LATE", HeraldSystem.LATE_MS))
        .post("/_sim/faults").then().statusCode(org.hamcrest.Matchers.lessThan(300));
  }

  private static String createPost(String token, String account, String text) {
    return given().baseUri(url(CONTENT)).auth().oauth2(token).contentType(ContentType.JSON)
        .body(Map.of("text", text, "targets", List.of(Map.of("socialAccountId", account))))
        .post("/api/v1/posts")
        .then().statusCode(201).extract().path("id");
  }

  private static void awaitPublished(String token, String postId) {
    await().atMost(Duration.ofMinutes(2)).untilAsserted(() ->
        given().baseUri(url(CONTENT)).auth().oauth2(token).get("/api/v1/posts/" + postId)
            .then().statusCode(200).body("status", equalTo("PUBLISHED")));
  }
}
