package io.herald.auth.social;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.herald.auth.client.ServiceClient;
import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.auth.support.Platforms;
import io.herald.auth.support.ServiceTokens;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class FacebookConnectTest {
  @Inject
  DataSource db;
  @Inject
  ServiceClient serviceClient;
  @Inject
  CircuitBreakerMaintenance breakers;

  @Test
  void connectAnswersTheDialogUrlWithASingleUseState() {
    var owner = Api.signup();
    var auth = Platforms.startConnect(owner, "FACEBOOK");
    assertThat(auth.get("_url")).startsWith(PlatformFake.server().baseUrl() + "/v21.0/dialog/oauth?");
    assertThat(auth).containsEntry("client_id", "test-app-id").containsEntry("response_type", "code")
        .containsEntry("redirect_uri", PlatformFake.PUBLIC_URL + "/api/v1/social-accounts/callback/facebook");
    assertThat(auth.get("scope")).contains("pages_manage_posts");
    assertThat(auth.get("state")).hasSizeGreaterThanOrEqualTo(32);
  }

  @Test
  void callbackConnectsOneAccountPerPublishablePageWithItsTokenEncrypted() throws SQLException {
    var owner = Api.signup();
    var auth = Platforms.startConnect(owner, "FACEBOOK");
    String code = "fb-code-" + UUID.randomUUID();
    String token1 = "EAAP-page-one-" + UUID.randomUUID();
    String token2 = "EAAP-page-two-" + UUID.randomUUID();
    Platforms.stubFacebookLogin(code, "[" + Platforms.page("1001", "Kitten Page", token1, "CREATE_CONTENT", "MANAGE")
        + "," + Platforms.page("1002", "Read Only Page", "EAAP-ro", "ANALYZE")
        + "," + Platforms.page("1003", "Puppy Page", token2, "CREATE_CONTENT") + "]");

    Platforms.complete("facebook", auth, Map.of("code", code, "state", auth.get("state"))).then().statusCode(200)
        .body("accounts", hasSize(2))
        .body("accounts.name", containsInAnyOrder("Kitten Page", "Puppy Page"))
        .body("accounts.externalId", containsInAnyOrder("1001", "1003"))
        .body("accounts.status", Matchers.everyItem(equalTo("ACTIVE")))
        .body(not(Matchers.containsString("EAAP")));

    var rows = rawTokens(owner.tenantId());
    assertThat(rows).hasSize(2);
    for (String stored : rows) {
      assertThat(stored).doesNotContain("EAAP").matches("^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+$");
    }

    String body = Api.as(owner).get("/api/v1/social-accounts").then().statusCode(200)
        .body("$", hasSize(2)).extract().asString();
    assertThat(body).doesNotContain(token1).doesNotContain("access");

    String id = Api.as(owner).get("/api/v1/social-accounts").then().extract()
        .path("find { it.externalId == '1001' }.id");
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).get("/internal/v1/social-accounts/" + id + "/credentials").then().statusCode(200)
        .header("Cache-Control", "no-store")
        .body("accessToken", equalTo(token1)).body("expiresAt", nullValue())
        .body("platform", equalTo("FACEBOOK")).body("externalId", equalTo("1001"))
        .body("tenantId", equalTo(owner.tenantId().toString()));
  }

  @Test
  void aStateCannotBeUsedTwice() {
    var owner = Api.signup();
    var auth = Platforms.startConnect(owner, "FACEBOOK");
    String code = "fb-code-" + UUID.randomUUID();
    Platforms.stubFacebookLogin(code, "[" + Platforms.page("2001", "Once", "EAAP-once", "CREATE_CONTENT") + "]");
    Platforms.complete("facebook", auth, Map.of("code", code, "state", auth.get("state"))).then().statusCode(200);
    Platforms.callback("facebook", auth, Map.of("code", code, "state", auth.get("state"))).then().statusCode(400)
        .contentType("application/problem+json").body("type", endsWith("/invalid-state"));
  }

  @Test
  void unknownOrMissingStateIsRefused() {
    Platforms.callback("facebook", null, Map.of("code", "x", "state", "never-issued")).then().statusCode(400)
        .contentType("application/problem+json").body("type", endsWith("/invalid-state"));
    Platforms.callback("facebook", null, Map.of("code", "x")).then().statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void aStateIssuedForTikTokIsRefusedOnTheFacebookCallback() {
    var owner = Api.signup();
    var auth = Platforms.startConnect(owner, "TIKTOK");
    Platforms.callback("facebook", auth, Map.of("code", "x", "state", auth.get("state"))).then().statusCode(400)
        .contentType("application/problem+json").body("type", endsWith("/invalid-state"));
    assertThat(accounts(owner)).isEmpty();
  }

  @Test
  void deniedConsentIsAProblemAndConnectsNothing() {
    var owner = Api.signup();
    var auth = Platforms.startConnect(owner, "FACEBOOK");
    Platforms.callback("facebook", auth, Map.of("error", "access_denied", "error_reason", "user_denied",
            "error_description", "Permissions error", "state", auth.get("state")))
        .then().statusCode(400).contentType("application/problem+json")
        .body("type", endsWith("/authorization-denied")).body("detail", Matchers.containsString("Permissions error"));
    assertThat(accounts(owner)).isEmpty();
    // The state was spent by the denial.
    Platforms.callback("facebook", auth, Map.of("code", "late", "state", auth.get("state"))).then().statusCode(400);
  }

  @Test
  void aCodeFacebookRefusesIsAProblemAndConnectsNothing() {
    var owner = Api.signup();
    var auth = Platforms.startConnect(owner, "FACEBOOK");
    String code = "fb-bad-" + UUID.randomUUID();
    PlatformFake.server().stubFor(get(urlPathEqualTo("/v21.0/oauth/access_token"))
        .withQueryParam("code", com.github.tomakehurst.wiremock.client.WireMock.equalTo(code))
        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"message\":\"Invalid verification code format.\",\"type\":\"OAuthException\","
                + "\"code\":100,\"fbtrace_id\":\"AbCdEf\"}}")));
    Platforms.callback("facebook", auth, Map.of("code", code, "state", auth.get("state"))).then().statusCode(400)
        .contentType("application/problem+json").body("type", endsWith("/authorization-failed"))
        .body("detail", Matchers.containsString("facebook:100"));
    assertThat(accounts(owner)).isEmpty();
  }

  @Test
  void facebookDownIsABadGatewayProblem() {
    var owner = Api.signup();
    var auth = Platforms.startConnect(owner, "FACEBOOK");
    String code = "fb-down-" + UUID.randomUUID();
    PlatformFake.server().stubFor(get(urlPathEqualTo("/v21.0/oauth/access_token"))
        .withQueryParam("code", com.github.tomakehurst.wiremock.client.WireMock.equalTo(code))
        .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"message\":\"An unknown error has occurred.\",\"type\":\"OAuthException\","
                + "\"code\":1,\"is_transient\":true,\"fbtrace_id\":\"x\"}}")));
    Platforms.callback("facebook", auth, Map.of("code", code, "state", auth.get("state"))).then().statusCode(502)
        .contentType("application/problem+json");
  }

  @Test
  void aFailingFacebookOpensItsCircuitBreakerAndIsLeftAlone() {
    var owner = Api.signup();
    String prefix = "fb-flaky-" + UUID.randomUUID();
    PlatformFake.server().stubFor(get(urlPathEqualTo("/v21.0/oauth/access_token"))
        .withQueryParam("code", com.github.tomakehurst.wiremock.client.WireMock.matching(prefix + ".*"))
        .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"message\":\"Service temporarily unavailable\",\"type\":\"OAuthException\","
                + "\"code\":2,\"is_transient\":true,\"fbtrace_id\":\"x\"}}")));
    breakers.resetAll();
    try {
      for (int i = 0; i < 10; i++) {
        var auth = Platforms.startConnect(owner, "FACEBOOK");
        Platforms.callback("facebook", auth, Map.of("code", prefix + "-" + i, "state", auth.get("state")))
            .then().statusCode(502);
      }
      var auth = Platforms.startConnect(owner, "FACEBOOK");
      Platforms.callback("facebook", auth, Map.of("code", prefix + "-open", "state", auth.get("state")))
          .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "30")
          .body("type", endsWith("/unavailable"));
      assertThat(PlatformFake.server().findAll(com.github.tomakehurst.wiremock.client.WireMock
          .getRequestedFor(urlPathEqualTo("/v21.0/oauth/access_token"))
          .withQueryParam("code", com.github.tomakehurst.wiremock.client.WireMock.matching(prefix + ".*"))))
          .hasSize(10);
    } finally {
      breakers.resetAll();
    }
  }

  @Test
  void reconnectingUpdatesTheAccountInPlaceAndReactivatesIt() {
    var owner = Api.signup();
    String pageId = "p-" + UUID.randomUUID();
    String first = Platforms.connectFacebookPage(owner, pageId, "EAAP-first");
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).contentType(ContentType.JSON).body(Map.of("reason", "facebook:190/460 password changed"))
        .post("/internal/v1/social-accounts/" + first + "/reauth-required").then().statusCode(204);
    Api.as(owner).get("/api/v1/social-accounts/" + first).then().body("status", equalTo("NEEDS_REAUTH"));

    String second = Platforms.connectFacebookPage(owner, pageId, "EAAP-second");
    assertThat(second).isEqualTo(first);
    Api.as(owner).get("/api/v1/social-accounts/" + first).then().body("status", equalTo("ACTIVE"));
    Api.as(service).get("/internal/v1/social-accounts/" + first + "/credentials").then().statusCode(200)
        .body("accessToken", equalTo("EAAP-second"));
    assertThat(accounts(owner)).hasSize(1);
  }

  @Test
  void onlyOwnersAndAdminsMayConnect() {
    var owner = Api.signup();
    var editor = Api.member(owner, "EDITOR");
    Api.as(editor).contentType(ContentType.JSON).body(Map.of("platform", "FACEBOOK"))
        .post("/api/v1/social-accounts/connect").then().statusCode(403).contentType("application/problem+json");
    var admin = Api.member(owner, "ADMIN");
    Api.as(admin).contentType(ContentType.JSON).body(Map.of("platform", "FACEBOOK"))
        .post("/api/v1/social-accounts/connect").then().statusCode(200);
  }

  private List<Object> accounts(Api.Session owner) {
    return Api.as(owner).get("/api/v1/social-accounts").then().statusCode(200).extract().jsonPath().getList("$");
  }

  private List<String> rawTokens(UUID tenantId) throws SQLException {
    try (var connection = db.getConnection();
        var statement = connection.prepareStatement("SELECT access_token FROM social_accounts WHERE tenant_id = ?")) {
      statement.setObject(1, tenantId);
      var result = statement.executeQuery();
      var tokens = new ArrayList<String>();
      while (result.next()) {
        tokens.add(result.getString(1));
      }
      return tokens;
    }
  }
}
