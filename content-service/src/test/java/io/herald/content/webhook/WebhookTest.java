package io.herald.content.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.createId;
import static io.herald.content.support.Posts.facebook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Streams;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class WebhookTest {
  final UUID tenant = UUID.randomUUID();
  final String owner = TestJwt.token(tenant, Roles.OWNER);
  final String editor = TestJwt.token(tenant, Roles.EDITOR);

  @Inject
  RedisDataSource redis;

  WireMockServer receiver;

  @BeforeEach
  void startReceiver() {
    receiver = new WireMockServer(options().dynamicPort());
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop();
  }

  @Test
  void aPublishedPostIsDeliveredSignedAndRetriedAfterA500() throws Exception {
    receiver.stubFor(post(urlEqualTo("/hook")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
    receiver.stubFor(post(urlEqualTo("/hook")).inScenario("flaky").whenScenarioStateIs("recovered")
        .willReturn(aResponse().withStatus(204)));
    var created = as(owner)
        .body("{\"url\":\"http://localhost:" + receiver.port() + "/hook\",\"events\":[\"post.published\"]}")
        .post("/api/v1/webhooks").then().statusCode(201).extract();
    String hookId = created.path("id");
    String secret = created.path("secret");
    assertThat(secret).startsWith("whsec_");
    as(owner).get("/api/v1/webhooks").then().body("[0]", not(hasKey("secret")));

    String postId = publishedPost();

    await().atMost(Duration.ofSeconds(15))
        .until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/hook"))).size() >= 2);
    List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlEqualTo("/hook")));
    for (LoggedRequest request : requests) {
      assertThat(request.getHeader("Herald-Event")).isEqualTo("post.published");
      assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(request.getHeader("User-Agent")).isEqualTo("Herald-Webhooks/1");
      assertThat(signatureValid(secret, request)).as("signature of %s", request.getBodyAsString()).isTrue();
      assertThat(signatureValid("whsec_wrong", request)).isFalse();
    }
    assertThat(requests.get(0).getHeader("Herald-Delivery")).isEqualTo(requests.get(1).getHeader("Herald-Delivery"));
    JsonPath body = new JsonPath(requests.get(1).getBodyAsString());
    assertThat(body.getString("type")).isEqualTo("post.published");
    assertThat(body.getString("data.postId")).isEqualTo(postId);
    assertThat(body.getString("data.status")).isEqualTo("PUBLISHED");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(owner)
        .get("/api/v1/webhooks/" + hookId + "/deliveries")
        .then().body("", hasSize(1)).body("[0].status", equalTo("DELIVERED")).body("[0].attempts", equalTo(2))
        .body("[0].lastStatusCode", equalTo(204)));
  }

  @Test
  void needsReauthNotifiesTheTenant() {
    receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
    as(owner).body("{\"url\":\"http://127.0.0.1:" + receiver.port()
            + "/hook\",\"events\":[\"account.needs_reauth\",\"post.failed\"]}")
        .post("/api/v1/webhooks").then().statusCode(201);
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String postId = createId(editor, facebook(account));
    UUID targetId = queuedTarget(postId);
    Streams.sendResult(redis, ResultMessage.failure(targetId, 1, ResultOutcome.NEEDS_REAUTH, "facebook:190/460",
        "password changed", Instant.now()));

    await().atMost(Duration.ofSeconds(15))
        .until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/hook"))).size() >= 2);
    var events = receiver.findAll(postRequestedFor(urlEqualTo("/hook"))).stream()
        .map(r -> r.getHeader("Herald-Event")).toList();
    assertThat(events).containsExactlyInAnyOrder("account.needs_reauth", "post.failed");
    var reauth = receiver.findAll(postRequestedFor(urlEqualTo("/hook"))).stream()
        .filter(r -> r.getHeader("Herald-Event").equals("account.needs_reauth")).findFirst().orElseThrow();
    assertThat(new JsonPath(reauth.getBodyAsString()).getString("data.socialAccountId")).isEqualTo(account.toString());
  }

  @Test
  void registrationRulesRolesAndTenantIsolation() {
    as(owner).body("{\"url\":\"http://example.com/hook\",\"events\":[\"post.published\"]}").post("/api/v1/webhooks")
        .then().statusCode(422).body("errors[0].field", equalTo("url"));
    as(owner).body("{\"url\":\"https://example.com/hook\",\"events\":[\"post.published\",\"post.deleted\"]}")
        .post("/api/v1/webhooks").then().statusCode(422).body("errors[0].field", equalTo("events[1]"));
    as(owner).body("{\"url\":\"https://example.com/hook\",\"events\":[]}").post("/api/v1/webhooks").then()
        .statusCode(422);
    as(owner).body("{").post("/api/v1/webhooks").then().statusCode(400).contentType("application/problem+json");
    as(owner).body("{\"url\":5,\"events\":\"post.failed\"}").post("/api/v1/webhooks").then().statusCode(400);
    as(owner).body("{\"url\":\"not a url\",\"events\":[\"post.failed\"]}").post("/api/v1/webhooks").then()
        .statusCode(422).body("errors[0].field", equalTo("url"));
    as(owner).get("/api/v1/webhooks/nope/deliveries").then().statusCode(404);
    as(editor).body("{\"url\":\"https://example.com/hook\",\"events\":[\"post.published\"]}").post("/api/v1/webhooks")
        .then().statusCode(403);
    String id = as(TestJwt.token(tenant, Roles.ADMIN))
        .body("{\"url\":\"https://example.com/hook\",\"events\":[\"post.failed\"]}")
        .post("/api/v1/webhooks").then().statusCode(201).extract().path("id");

    String stranger = TestJwt.token(UUID.randomUUID(), Roles.OWNER);
    as(stranger).get("/api/v1/webhooks/" + id).then().statusCode(404);
    as(stranger).get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(404);
    as(stranger).delete("/api/v1/webhooks/" + id).then().statusCode(404);
    as(stranger).get("/api/v1/webhooks").then().body("", hasSize(0));

    as(owner).delete("/api/v1/webhooks/" + id).then().statusCode(204);
    as(owner).get("/api/v1/webhooks/" + id).then().statusCode(404);
  }

  @Test
  void onePageOfTwoFailingIsReportedAsPartialSuccessOnce() {
    receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
    as(owner).body("{\"url\":\"http://localhost:" + receiver.port() + "/hook\",\"events\":[\"post.published\","
        + "\"post.failed\",\"post.partially_published\"]}").post("/api/v1/webhooks").then().statusCode(201);
    UUID first = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    UUID second = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String postId = createId(editor, """
        {"text":"Two pages","targets":[{"socialAccountId":"%s"},{"socialAccountId":"%s"}]}""".formatted(first, second));
    await().atMost(Duration.ofSeconds(10)).until(() -> as(editor).get("/api/v1/posts/" + postId).then().extract()
        .<List<String>>path("targets.status").stream().allMatch("QUEUED"::equals));
    List<String> targets = as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets.id");

    Streams.sendResult(redis, ResultMessage.published(UUID.fromString(targets.get(0)), 1, "1_3",
        "https://facebook.com/1_3", Instant.now()));
    Streams.sendResult(redis, ResultMessage.failure(UUID.fromString(targets.get(1)), 1, ResultOutcome.FAILED,
        "facebook:368", "Temporarily blocked for policy violations", Instant.now()));

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> as(editor).get("/api/v1/posts/" + postId).then()
        .body("status", equalTo("PARTIALLY_PUBLISHED")));
    await().atMost(Duration.ofSeconds(15))
        .until(() -> !receiver.findAll(postRequestedFor(urlEqualTo("/hook"))).isEmpty());
    List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlEqualTo("/hook")));
    assertThat(requests).extracting(r -> r.getHeader("Herald-Event")).containsExactly("post.partially_published");
    JsonPath body = new JsonPath(requests.get(0).getBodyAsString());
    assertThat(body.getString("data.postId")).isEqualTo(postId);
    assertThat(body.getList("data.targets.status")).containsExactlyInAnyOrder("PUBLISHED", "FAILED");
  }

  @Test
  void addressesInsideHeraldsNetworkAreRefusedWhenRegisteredAndWhenSent() {
    for (String url : List.of("https://169.254.169.254/latest/meta-data", "https://10.0.0.8/hook",
        "https://kubernetes.default.svc/hook", "https://metadata.google.internal/x", "https://[fd00::1]/hook",
        "http://example.com/hook")) {
      as(owner).body("{\"url\":\"" + url + "\",\"events\":[\"post.published\"]}").post("/api/v1/webhooks").then()
          .statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("url"));
    }
    // A name that looks public when registered and resolves into a private range when a delivery is sent.
    String id = as(owner).body("{\"url\":\"https://rebound.herald-test.example:" + receiver.port()
        + "/hook\",\"events\":[\"post.published\"]}").post("/api/v1/webhooks").then().statusCode(201)
        .header("Cache-Control", "no-store").extract().path("id");

    publishedPost();

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> as(owner).get("/api/v1/webhooks/" + id + "/deliveries")
        .then().body("[0].lastError", containsString("does not send to")).body("[0].lastStatusCode", nullValue()));
    assertThat(receiver.getAllServeEvents()).isEmpty();
  }

  @Test
  void aTenantHasAtMostItsLimitOfWebhooks() {
    for (int i = 0; i < 5; i++) {
      as(owner).body("{\"url\":\"https://example.com/hook/" + i + "\",\"events\":[\"post.published\"]}")
          .post("/api/v1/webhooks").then().statusCode(201);
    }
    as(owner).body("{\"url\":\"https://example.com/hook/6\",\"events\":[\"post.published\"]}")
        .post("/api/v1/webhooks").then().statusCode(422).contentType("application/problem+json")
        .body("detail", containsString("at most 5"));
    as(owner).body("{\"url\":\"https://example.com/" + "x".repeat(3000) + "\",\"events\":[\"post.published\"]}")
        .post("/api/v1/webhooks").then().statusCode(422).contentType("application/problem+json");
    as(owner).get("/api/v1/webhooks").then().body("", hasSize(5));
  }

  private String publishedPost() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String postId = createId(editor, facebook(account));
    UUID targetId = queuedTarget(postId);
    Streams.sendResult(redis, ResultMessage.published(targetId, 1, "1_2", "https://facebook.com/1_2", Instant.now()));
    return postId;
  }

  private UUID queuedTarget(String postId) {
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "QUEUED".equals(as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].status")));
    return UUID.fromString(as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].id"));
  }

  /** What a receiver does: recompute HMAC-SHA256(secret, t + "." + body) and compare with v1. */
  static boolean signatureValid(String secret, LoggedRequest request) throws Exception {
    String header = request.getHeader("Herald-Signature");
    String t = header.replaceAll(".*t=(\\d+).*", "$1");
    String v1 = header.replaceAll(".*v1=([0-9a-f]+).*", "$1");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signed = t + "." + request.getBodyAsString();
    String expected = HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    return expected.equals(v1) && Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) < 300;
  }
}
