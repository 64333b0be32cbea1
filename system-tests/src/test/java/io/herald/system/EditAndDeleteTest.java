package io.herald.system;

import static io.herald.system.HeraldSystem.AUTH;
import static io.herald.system.HeraldSystem.CONTENT;
import static io.herald.system.HeraldSystem.LATE_MS;
import static io.herald.system.HeraldSystem.SIMULATOR;
import static io.herald.system.HeraldSystem.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edit and delete after publishing, exactly once, against the simulator's Graph API: a worker killed between
 * Facebook's success and its ledger's commit settles the operation by reading the post back (no second call); a
 * read-back that is refused or fails leaves the operation UNKNOWN_OUTCOME; a token refused on an edit marks the
 * account NEEDS_REAUTH; an operation whose job Redis lost is handed off again by content's reconciler. Each test has a
 * Page of its own (seeded in the simulator), so revoking its tokens or reading its posts touches no other test.
 */
class EditAndDeleteTest {
  private static final Pattern REQUESTS = Pattern.compile(
      "herald_simulator_requests_total\\{[^}]*endpoint=\"([a-z_.]+)\"[^}]*} ([0-9.E]+)");

  String page;
  String pageToken;
  String token;
  String account;

  @BeforeAll
  static void startHerald() {
    HeraldSystem.start();
  }

  @BeforeEach
  void connectAPageOfItsOwn() {
    JsonPath seeded = given().baseUri(url(SIMULATOR)).contentType(ContentType.JSON)
        .body(Map.of("name", "Edited Page " + UUID.randomUUID())).post("/_sim/facebook/pages")
        .then().statusCode(201).extract().jsonPath();
    page = seeded.getString("pageId");
    pageToken = seeded.getString("pageToken");
    given().baseUri(url(SIMULATOR)).contentType(ContentType.JSON)
        .body(Map.of("consent", "APPROVE", "userId", seeded.getString("userId"))).put("/_sim/oauth/facebook")
        .then().statusCode(lessThan(300));
    token = HeraldSystem.signUp();
    account = HeraldSystem.connect(token, "FACEBOOK");
  }

  @AfterEach
  void clearFaults() {
    HeraldSystem.resetAfterTest();
  }

  @Test
  void anEditWhoseWorkerWasKilledAfterFacebookMadeItIsReadBackAndDoneWithoutASecondCall() {
    Published post = publish("Before the crash " + UUID.randomUUID());
    String text = "Edited before the crash " + UUID.randomUUID();
    String late = fault(Map.of("endpoint", "facebook.edit", "mode", "SUCCEED_THEN_LATE", "latencyMs", LATE_MS,
        "count", 1));
    double edits = calls("facebook.edit");

    content().body(Map.of("text", text)).post(post.path("edit")).then().statusCode(202);
    // Facebook has the new text; its answer is held, and the worker dies before its ledger says DONE
    await().atMost(Duration.ofSeconds(30)).until(() -> fired(late) == 1 && text.equals(graphMessage(post)));
    HeraldSystem.kill("publisher-worker");
    HeraldSystem.restartMissing();

    awaitOperation(post, "DONE", Duration.ofMinutes(2));
    content().get(post.path()).then().body("targets[0].text", equalTo(text))
        .body("targets[0].status", equalTo("PUBLISHED"));
    assertCalledOnce("facebook.edit", edits);
    assertThat(graphMessage(post)).isEqualTo(text);
  }

  @Test
  void aDeleteWhoseWorkerWasKilledAfterFacebookMadeItIsDoneWhenThePostReadsAsGoneWithoutASecondCall() {
    Published post = publish("Deleted before the crash " + UUID.randomUUID());
    String late = fault(Map.of("endpoint", "facebook.delete", "mode", "SUCCEED_THEN_LATE", "latencyMs", LATE_MS,
        "count", 1));
    double deletes = calls("facebook.delete");

    content().post(post.path("unpublish")).then().statusCode(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> fired(late) == 1 && graphCode(post) == 100);
    HeraldSystem.kill("publisher-worker");
    HeraldSystem.restartMissing();

    awaitOperation(post, "DONE", Duration.ofMinutes(2));
    content().get(post.path()).then().body("targets[0].status", equalTo("DELETED")).body("status", equalTo("DELETED"));
    assertCalledOnce("facebook.delete", deletes);
  }

  @Test
  void anEditWhoseAnswerIsLostAndWhoseReadBackIsRefusedIsAnUnknownOutcomeNeverSentAgain() {
    Published post = publish("Read refused " + UUID.randomUUID());
    // the edit lands, its answer comes after the worker's call timed out; the read that follows is refused
    fault(Map.of("endpoint", "facebook.edit", "mode", "SUCCEED_THEN_LATE", "latencyMs", LATE_MS, "count", 1));
    fault(Map.of("endpoint", "facebook.feed_read", "mode", "FAIL", "status", 403, "code", "10",
        "message", "(#10) This endpoint requires the 'pages_read_engagement' permission"));
    double edits = calls("facebook.edit");

    content().body(Map.of("text", "Maybe edited")).post(post.path("edit")).then().statusCode(202);

    JsonPath view = awaitOperation(post, "UNKNOWN_OUTCOME", Duration.ofMinutes(2));
    assertThat(view.getString("targets[0].operation.error.code")).isEqualTo("facebook:10");
    assertThat(view.getString("targets[0].text")).isNull();
    assertCalledOnce("facebook.edit", edits);
  }

  @Test
  void aDeleteWhoseAnswerIsLostAndWhoseReadBackFailsIsAnUnknownOutcomeNeverSentAgain() {
    Published post = publish("Read failing " + UUID.randomUUID());
    fault(Map.of("endpoint", "facebook.delete", "mode", "SUCCEED_THEN_LATE", "latencyMs", LATE_MS, "count", 1));
    fault(Map.of("endpoint", "facebook.feed_read", "mode", "FAIL", "status", 500));
    double deletes = calls("facebook.delete");

    content().post(post.path("unpublish")).then().statusCode(202);

    JsonPath view = awaitOperation(post, "UNKNOWN_OUTCOME", Duration.ofMinutes(2));
    assertThat(view.getString("targets[0].status")).isEqualTo("PUBLISHED");
    assertCalledOnce("facebook.delete", deletes);
  }

  @Test
  void aTokenRefusedOnAnEditFailsItAndMarksTheAccountNeedsReauth() {
    Published post = publish("Token revoked " + UUID.randomUUID());
    // the password changed on Facebook: every token of the Page is refused (190/460)
    given().baseUri(url(SIMULATOR)).contentType(ContentType.JSON).body(Map.of("account", page))
        .post("/_sim/tokens/revoke").then().statusCode(200);

    content().body(Map.of("text", "Not with this token")).post(post.path("edit")).then().statusCode(202);

    JsonPath view = awaitOperation(post, "FAILED", Duration.ofMinutes(1));
    assertThat(view.getString("targets[0].operation.error.code")).isEqualTo("needs_reauth");
    assertThat(view.getString("targets[0].status")).isEqualTo("PUBLISHED");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(url(AUTH)).auth().oauth2(token)
        .get("/api/v1/social-accounts/" + account).then().statusCode(200).body("status", equalTo("NEEDS_REAUTH")));
  }

  @Test
  void anEditWhoseJobRedisLostIsHandedOffAgainAndMadeOnce() {
    Published post = publish("Redis forgot the edit " + UUID.randomUUID());
    String text = "Edited after Redis forgot " + UUID.randomUUID();
    double edits = calls("facebook.edit");
    HeraldSystem.kill("publisher-worker");

    String operation = content().body(Map.of("text", text)).post(post.path("edit")).then().statusCode(202)
        .extract().path("targets[0].operation.id");
    await().atMost(Duration.ofSeconds(30)).until(() ->
        HeraldSystem.redis("XREVRANGE", "herald:{jobs}:normal", "+", "-", "COUNT", "20").contains(operation));
    HeraldSystem.redis("FLUSHDB");
    HeraldSystem.restartMissing();

    awaitOperation(post, "DONE", Duration.ofMinutes(2));
    assertThat(graphMessage(post)).isEqualTo(text);
    assertCalledOnce("facebook.edit", edits);
  }

  /** A published post of the test's Page: its id and first target's, and the post's id on Facebook. */
  record Published(String id, String target, String externalId) {
    String path() {
      return "/api/v1/posts/" + id;
    }

    String path(String operation) {
      return path() + "/targets/" + target + "/" + operation;
    }
  }

  private Published publish(String text) {
    String id = ExactlyOnceTest.createPost(token, Map.of("text", text,
        "targets", List.of(Map.of("socialAccountId", account))));
    String externalId = ExactlyOnceTest.awaitPublished(token, id, Duration.ofMinutes(1));
    return new Published(id, content().get("/api/v1/posts/" + id).then().extract().path("targets[0].id"),
        externalId);
  }

  private RequestSpecification content() {
    return given().baseUri(url(CONTENT)).auth().oauth2(token).contentType(ContentType.JSON);
  }

  /** Waits until the post's first target's operation has this status; answers the post as read then. */
  private JsonPath awaitOperation(Published post, String status, Duration within) {
    return await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(
        () -> content().get(post.path()).then().statusCode(200).extract().jsonPath(),
        view -> status.equals(view.getString("targets[0].operation.status")));
  }

  /** The post's text as Facebook shows it to its Page (Graph {@code GET /{post-id}?fields=message}). */
  private String graphMessage(Published post) {
    return graph(post).getString("message");
  }

  /** The Graph error code reading the post answers (100 once it is deleted), or 0 when it reads. */
  private int graphCode(Published post) {
    Integer code = graph(post).get("error.code");
    return code == null ? 0 : code;
  }

  private JsonPath graph(Published post) {
    return given().baseUri(url(SIMULATOR)).queryParam("fields", "id,message").queryParam("access_token", pageToken)
        .get("/v21.0/" + post.externalId()).then().extract().jsonPath();
  }

  /** Adds a simulator fault; answers its id. */
  private static String fault(Map<String, Object> fault) {
    return given().baseUri(url(SIMULATOR)).contentType(ContentType.JSON).body(fault).post("/_sim/faults")
        .then().statusCode(201).extract().path("id");
  }

  /** How often the fault fired: a SUCCEED_THEN_LATE fault has done its call's work once it fired. */
  private static int fired(String faultId) {
    List<Map<String, Object>> faults = given().baseUri(url(SIMULATOR)).get("/_sim/faults").then().statusCode(200)
        .extract().jsonPath().getList("$");
    return faults.stream().filter(f -> faultId.equals(f.get("id"))).findFirst()
        .map(f -> ((Number) f.get("fired")).intValue()).orElse(0);
  }

  /**
   * The endpoint was called exactly once since it had answered {@code before} calls. A call held by a
   * SUCCEED_THEN_LATE fault is counted once it answers, so the first is waited for; a second would count at once.
   */
  private static void assertCalledOnce(String endpoint, double before) {
    await().atMost(Duration.ofMinutes(1)).until(() -> calls(endpoint) - before >= 1);
    assertThat(calls(endpoint) - before).isEqualTo(1);
  }

  /** Calls the simulator has answered on this endpoint, whatever their outcome. */
  private static double calls(String endpoint) {
    String metrics = given().baseUri(url(SIMULATOR)).get("/q/metrics").then().statusCode(200).extract().asString();
    double total = 0;
    for (Matcher m = REQUESTS.matcher(metrics); m.find(); ) {
      if (m.group(1).equals(endpoint)) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }
}
