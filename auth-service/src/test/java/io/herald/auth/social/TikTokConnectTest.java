package io.herald.auth.social;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.herald.auth.client.ServiceClient;
import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.auth.support.Platforms;
import io.herald.auth.support.ServiceTokens;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class TikTokConnectTest {
  @Inject
  DataSource db;
  @Inject
  ServiceClient serviceClient;

  @Test
  void connectUsesPkceAndTheCallbackStoresTheEncryptedPair() throws Exception {
    var owner = Api.signup();
    var auth = Platforms.startConnect(owner, "TIKTOK");
    assertThat(auth.get("_url")).startsWith(PlatformFake.server().baseUrl() + "/v2/auth/authorize/?");
    assertThat(auth).containsEntry("client_key", "test-client-key").containsEntry("code_challenge_method", "S256")
        .containsEntry("response_type", "code")
        .containsEntry("redirect_uri", PlatformFake.PUBLIC_URL + "/api/v1/social-accounts/callback/tiktok");
    assertThat(auth.get("scope")).contains("video.publish");

    String code = "tt-code-" + UUID.randomUUID();
    String openId = "open-" + UUID.randomUUID();
    String access = "act.access-" + UUID.randomUUID();
    String refresh = "rft.refresh-" + UUID.randomUUID();
    Platforms.stubTikTokCode(code, openId, access, refresh, 86400);

    String id = Platforms.complete("tiktok", auth,
            Map.of("code", code, "state", auth.get("state"), "scopes", "video.publish"))
        .then().statusCode(200).body("accounts[0].externalId", equalTo(openId))
        .body("accounts[0].platform", equalTo("TIKTOK")).body("accounts[0].status", equalTo("ACTIVE"))
        .extract().path("accounts[0].id");

    // The verifier sent with the code matches the challenge of the authorization URL.
    var sent = PlatformFake.server().findAll(postRequestedFor(urlPathEqualTo("/v2/oauth/token/"))
        .withFormParam("code", WireMock.equalTo(code)));
    assertThat(sent).hasSize(1);
    String verifier = Platforms.query("http://x/?" + sent.getFirst().getBodyAsString()).get("code_verifier");
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    assertThat(challenge).isEqualTo(auth.get("code_challenge"));

    var row = rawRow(UUID.fromString(id));
    assertThat(row.get("access_token")).doesNotContain(access).doesNotContain("act.").contains(":");
    assertThat(row.get("refresh_token")).doesNotContain(refresh).doesNotContain("rft.").contains(":");

    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    String expiresAt = Api.as(service).get("/internal/v1/social-accounts/" + id + "/credentials").then().statusCode(200)
        .body("accessToken", equalTo(access)).body("platform", equalTo("TIKTOK")).extract().path("expiresAt");
    assertThat(Duration.between(Instant.now(), Instant.parse(expiresAt)))
        .isBetween(Duration.ofHours(23), Duration.ofHours(24));
  }

  @Test
  void anExpiredCodeIsAProblemAndConnectsNothing() {
    var owner = Api.signup();
    var auth = Platforms.startConnect(owner, "TIKTOK");
    String code = "tt-expired-" + UUID.randomUUID();
    PlatformFake.server().stubFor(post(urlPathEqualTo("/v2/oauth/token/"))
        .withFormParam("code", WireMock.equalTo(code))
        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Authorization code is expired.\","
                + "\"log_id\":\"202310112248442CB9\"}")));
    Platforms.callback("tiktok", auth, Map.of("code", code, "state", auth.get("state"))).then().statusCode(400)
        .contentType("application/problem+json").body("type", endsWith("/authorization-failed"))
        .body("detail", org.hamcrest.Matchers.containsString("invalid_grant"));
    Api.as(owner).get("/api/v1/social-accounts").then().body("size()", equalTo(0));
  }

  @Test
  void anOAuthErrorAnsweredWithHttp200IsStillAnError() {
    var owner = Api.signup();
    var auth = Platforms.startConnect(owner, "TIKTOK");
    String code = "tt-200-" + UUID.randomUUID();
    PlatformFake.server().stubFor(post(urlPathEqualTo("/v2/oauth/token/"))
        .withFormParam("code", WireMock.equalTo(code))
        .willReturn(okJson("{\"error\":\"invalid_request\",\"error_description\":\"Code verifier mismatch.\","
            + "\"log_id\":\"x\"}")));
    Platforms.callback("tiktok", auth, Map.of("code", code, "state", auth.get("state"))).then().statusCode(400)
        .contentType("application/problem+json");
    Api.as(owner).get("/api/v1/social-accounts").then().body("size()", equalTo(0));
  }

  @Test
  void deniedConsentIsAProblem() {
    var owner = Api.signup();
    var auth = Platforms.startConnect(owner, "TIKTOK");
    Platforms.callback("tiktok", auth, Map.of("error", "access_denied", "error_description", "The user denied the request",
        "state", auth.get("state"))).then().statusCode(400).contentType("application/problem+json")
        .body("type", endsWith("/authorization-denied"));
  }

  @Test
  void aStateOfAnotherTenantsUserCannotBeReplayed() {
    var alice = Api.signup();
    var auth = Platforms.startConnect(alice, "TIKTOK");
    String code = "tt-code-" + UUID.randomUUID();
    Platforms.stubTikTokCode(code, "open-" + UUID.randomUUID(), "act.a", "rft.a", 86400);
    Platforms.complete("tiktok", auth, Map.of("code", code, "state", auth.get("state"))).then().statusCode(200);
    // The same state again, e.g. replayed by someone else's browser: refused, nothing added anywhere.
    Platforms.callback("tiktok", auth, Map.of("code", code, "state", auth.get("state"))).then().statusCode(400)
        .body("type", endsWith("/invalid-state"));
    Api.as(alice).get("/api/v1/social-accounts").then().body("size()", equalTo(1));
  }

  @Test
  void reconnectWithoutARefreshTokenKeepsTheStoredOne() throws SQLException {
    var owner = Api.signup();
    String openId = "open-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, openId, "act.one", "rft.one-" + UUID.randomUUID());
    String storedRefresh = rawRow(UUID.fromString(id)).get("refresh_token");

    var auth = Platforms.startConnect(owner, "TIKTOK");
    String code = "tt-code-" + UUID.randomUUID();
    Platforms.stubTikTokCode(code, openId, "act.two", null, 86400);
    String again = Platforms.complete("tiktok", auth, Map.of("code", code, "state", auth.get("state"))).then().statusCode(200)
        .extract().path("accounts[0].id");
    assertThat(again).isEqualTo(id);
    assertThat(rawRow(UUID.fromString(id)).get("refresh_token")).isEqualTo(storedRefresh);
  }

  @Test
  void disconnectRevokesAtTikTokAndDropsTheTokens() throws SQLException {
    var owner = Api.signup();
    String access = "act.revoke-me-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, "open-" + UUID.randomUUID(), access, "rft.x-" + UUID.randomUUID());
    PlatformFake.server().stubFor(post(urlPathEqualTo("/v2/oauth/revoke/"))
        .withFormParam("token", WireMock.equalTo(access)).willReturn(okJson("{}")));

    Api.as(owner).delete("/api/v1/social-accounts/" + id).then().statusCode(204);

    PlatformFake.server().verify(1, postRequestedFor(urlPathEqualTo("/v2/oauth/revoke/"))
        .withFormParam("token", WireMock.equalTo(access))
        .withFormParam("client_key", WireMock.equalTo("test-client-key")));
    Api.as(owner).get("/api/v1/social-accounts/" + id).then().statusCode(200).body("status", equalTo("DISCONNECTED"));
    var row = rawRow(UUID.fromString(id));
    assertThat(row.get("access_token")).isNull();
    assertThat(row.get("refresh_token")).isNull();
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).get("/internal/v1/social-accounts/" + id + "/credentials").then().statusCode(409)
        .contentType("application/problem+json").body("type", endsWith("/account-disconnected"));
    Api.as(owner).get("/api/v1/audit-events?type=ACCOUNT_DISCONNECTED").then().body("items.size()", equalTo(1));
  }

  private Map<String, String> rawRow(UUID id) throws SQLException {
    try (var connection = db.getConnection();
        var statement = connection.prepareStatement(
            "SELECT access_token, refresh_token FROM social_accounts WHERE id = ?")) {
      statement.setObject(1, id);
      var result = statement.executeQuery();
      assertThat(result.next()).isTrue();
      var row = new java.util.HashMap<String, String>();
      row.put("access_token", result.getString(1));
      row.put("refresh_token", result.getString(2));
      return row;
    }
  }
}
