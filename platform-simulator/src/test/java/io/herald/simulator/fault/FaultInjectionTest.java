package io.herald.simulator.fault;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.simulator.SimFixtures;
import io.herald.simulator.tiktok.TikTokCalls;
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

@QuarkusTest
class FaultInjectionTest {

  @TestHTTPResource("/")
  URI base;

  @AfterEach
  void clearFaults() {
    given().delete("/_sim/faults").then().statusCode(204);
  }

  @Test
  void aCountedGraphFaultFiresThatManyTimesInTheGraphErrorShapeThenStops() {
    var page = SimFixtures.page();
    String id = fault(Map.of("endpoint", "facebook.feed", "status", 500, "code", "2", "count", 2))
        .then().statusCode(201).body("mode", equalTo("FAIL")).extract().path("id");

    for (int i = 0; i < 2; i++) {
      feed(page, "attempt " + i).then().statusCode(500)
          .body("error.code", equalTo(2))
          .body("error.is_transient", equalTo(true))
          .body("error.type", equalTo("OAuthException"))
          .body("error.fbtrace_id", notNullValue());
    }
    feed(page, "attempt 3").then().statusCode(200);

    given().get("/_sim/faults").then().statusCode(200)
        .body("find { it.id == '" + id + "' }.fired", equalTo(2))
        .body("find { it.id == '" + id + "' }.remaining", equalTo(0));
    assertThat(published(page.get("pageId"))).extracting(item -> item.get("text")).containsExactly("attempt 3");
  }

  @Test
  void anUncountedFaultFiresUntilCleared() {
    var page = SimFixtures.page();
    fault(Map.of("endpoint", "facebook.photos", "status", 400, "code", "368", "message",
        "(#368) The action attempted has been deemed abusive")).then().statusCode(201);

    for (int i = 0; i < 3; i++) {
      photo(page).then().statusCode(400).body("error.code", equalTo(368))
          .body("error.message", containsString("abusive"));
    }
    given().delete("/_sim/faults").then().statusCode(204);

    photo(page).then().statusCode(200);
  }

  @Test
  void probabilityDecidesHowOftenAFaultFires() {
    var page = SimFixtures.page();
    fault(Map.of("endpoint", "facebook.accounts", "status", 500, "probability", 0.0)).then().statusCode(201);
    for (int i = 0; i < 20; i++) {
      me(page).then().statusCode(200);
    }
    given().delete("/_sim/faults").then().statusCode(204);

    fault(Map.of("endpoint", "facebook.accounts", "status", 500, "probability", 0.5)).then().statusCode(201);
    int failed = 0;
    for (int i = 0; i < 200; i++) {
      if (me(page).statusCode() == 500) {
        failed++;
      }
    }
    // binomial(200, 0.5): outside 60..140 has a probability below 1e-8
    assertThat(failed).isBetween(60, 140);
  }

  @Test
  void throttlingCodesReportFullUsageAndTheRegainTime() throws Exception {
    var page = SimFixtures.page();
    fault(Map.of("endpoint", "facebook.feed", "status", 400, "code", "80001", "regainAccessMinutes", 7,
        "message", "(#80001) There have been too many calls to this Page account.")).then().statusCode(201);

    var response = feed(page, "throttled").then().statusCode(400).body("error.code", equalTo(80001)).extract();

    var usage = new ObjectMapper().readTree(response.header("x-business-use-case-usage"))
        .path(page.get("pageId")).get(0);
    assertThat(usage.path("call_count").asInt()).isEqualTo(100);
    assertThat(usage.path("estimated_time_to_regain_access").asInt()).isEqualTo(7);
  }

  @Test
  void succeedThenLateCreatesThePostButAnswersAfterTheClientGaveUp() throws Exception {
    var page = SimFixtures.page();
    fault(Map.of("endpoint", "facebook.feed", "mode", "SUCCEED_THEN_LATE", "latencyMs", 3000, "count", 1))
        .then().statusCode(201);

    var request = HttpRequest.newBuilder(base.resolve("v21.0/" + page.get("pageId") + "/feed"))
        .timeout(Duration.ofMillis(500))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + page.get("pageToken"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"landed anyway\"}"))
        .build();
    try (var client = HttpClient.newHttpClient()) {
      assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(HttpTimeoutException.class);
    }

    Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(published(page.get("pageId"))).extracting(item -> item.get("text"))
            .containsExactly("landed anyway"));
    // the retry after the timeout is what a real Page answers: a duplicate
    feed(page, "landed anyway").then().statusCode(400).body("error.code", equalTo(506));
  }

  @Test
  void delayAnswersNormallyAfterTheLatency() {
    var page = SimFixtures.page();
    fault(Map.of("endpoint", "facebook.feed", "latencyMs", 700, "count", 1)).then().statusCode(201)
        .body("mode", equalTo("DELAY"));

    long started = System.nanoTime();
    feed(page, "slow").then().statusCode(200);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
  }

  @Test
  void tiktokFaultsUseTheEnvelopeAndTheOAuthShape() {
    var creator = SimFixtures.creator();
    fault(Map.of("endpoint", "tiktok.video_init", "status", 500, "count", 1)).then().statusCode(201);
    fault(Map.of("endpoint", "tiktok.token", "status", 400, "code", "invalid_grant", "count", 1))
        .then().statusCode(201);

    TikTokCalls.call(creator, "/v2/post/publish/video/init/",
            TikTokCalls.pullBody("SELF_ONLY", TikTokCalls.VIDEO))
        .then().statusCode(500)
        .body("error.code", equalTo("internal_error"))
        .body("error.log_id", notNullValue())
        .body("data", notNullValue());
    given().contentType(ContentType.URLENC).formParam("client_key", "ck").formParam("client_secret", "cs")
        .formParam("grant_type", "refresh_token").formParam("refresh_token", (String) creator.get("refresh_token"))
        .post("/v2/oauth/token/")
        .then().statusCode(400).body("error", equalTo("invalid_grant")).body("log_id", notNullValue());

    assertThat(TikTokCalls.published(creator)).isEmpty();
  }

  @Test
  void tiktokErrorsCanComeWithHttp200AsSomeClientsHaveSeen() {
    var creator = SimFixtures.creator();
    fault(Map.of("endpoint", "tiktok.token", "status", 200, "code", "invalid_grant", "count", 1))
        .then().statusCode(201);

    given().contentType(ContentType.URLENC).formParam("client_key", "ck").formParam("client_secret", "cs")
        .formParam("grant_type", "refresh_token").formParam("refresh_token", (String) creator.get("refresh_token"))
        .post("/v2/oauth/token/")
        .then().statusCode(200).body("error", equalTo("invalid_grant"));
  }

  @Test
  void failProcessingAcceptsTheInitButTheStatusEndsFailed() {
    var creator = SimFixtures.creator();
    fault(Map.of("endpoint", "tiktok.video_init", "mode", "FAIL_PROCESSING", "failReason", "video_pull_failed",
        "count", 1)).then().statusCode(201);

    String publishId = TikTokCalls.call(creator, "/v2/post/publish/video/init/",
            TikTokCalls.pullBody("SELF_ONLY", TikTokCalls.VIDEO))
        .then().statusCode(200).extract().path("data.publish_id");

    TikTokCalls.status(creator, publishId).then().body("data.status", equalTo("PROCESSING_DOWNLOAD"));
    TikTokCalls.status(creator, publishId).then().statusCode(200)
        .body("error.code", equalTo("ok"))
        .body("data.status", equalTo("FAILED"))
        .body("data.fail_reason", equalTo("video_pull_failed"));
  }

  @Test
  void anInjectedUploadErrorDoesNotCountTheChunk() {
    var creator = SimFixtures.creator();
    String url = TikTokCalls.init(creator, 1000, 1000, 1).getString("data.upload_url");
    fault(Map.of("endpoint", "tiktok.upload", "status", 503, "count", 1)).then().statusCode(201);

    TikTokCalls.put(url, 0, 999, 1000).then().statusCode(503);
    TikTokCalls.put(url, 0, 999, 1000).then().statusCode(201);
  }

  @Test
  void badFaultRequestsAre422ErrorsAndActivateNothing() {
    fault(Map.of("endpoint", "facebook.nope", "status", 500)).then().statusCode(422)
        .contentType(ContentType.JSON).body("field", equalTo("endpoint"));
    fault(Map.of("endpoint", "facebook.feed", "status", 500, "probability", 2)).then().statusCode(422)
        .contentType(ContentType.JSON).body("field", equalTo("probability"));
    fault(Map.of("endpoint", "facebook.feed", "status", 200)).then().statusCode(422);
    fault(Map.of("endpoint", "facebook.feed", "mode", "SUCCEED_THEN_LATE")).then().statusCode(422);
    fault(Map.of("endpoint", "facebook.feed", "mode", "FAIL_PROCESSING")).then().statusCode(422);
    fault(Map.of("endpoint", "facebook.feed", "status", 400, "code", "abc")).then().statusCode(422);
    given().contentType(ContentType.JSON).body("{nope").post("/_sim/faults").then().statusCode(400)
        .contentType(ContentType.JSON).body("error", containsString("not valid JSON"));

    given().get("/_sim/faults").then().statusCode(200).body("size()", equalTo(0));
  }

  static Response fault(Map<String, Object> request) {
    return given().contentType(ContentType.JSON).body(request).post("/_sim/faults");
  }

  static Response feed(Map<String, String> page, String message) {
    return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("message", message)).post("/v21.0/" + page.get("pageId") + "/feed");
  }

  static Response photo(Map<String, String> page) {
    return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("url", "https://cdn.example.com/p.jpg")).post("/v21.0/" + page.get("pageId") + "/photos");
  }

  static Response me(Map<String, String> page) {
    return given().queryParam("access_token", page.get("pageToken")).get("/v21.0/me");
  }

  static List<Map<String, Object>> published(String account) {
    return given().queryParam("account", account).get("/_sim/published")
        .then().statusCode(200).extract().jsonPath().getList("");
  }
}
