package io.herald.simulator.facebook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FacebookOAuthTest {
  static final String REDIRECT = "https://herald.example.com/api/v1/social-accounts/callback/FACEBOOK";

  @AfterEach
  void approveAgain() {
    given().contentType("application/json").body(Map.of("consent", "APPROVE"))
        .put("/_sim/oauth/facebook").then().statusCode(204);
  }

  @Test
  void dialogRedirectsWithCodeAndTheGivenState() {
    String state = UUID.randomUUID().toString();
    Map<String, String> query = dialog(state);

    assertThat(query).containsEntry("state", state).containsKey("code");
    assertThat(query.get("code")).isNotBlank();
  }

  @Test
  void codeIsExchangedOnceForAUserTokenThenLongLivedTokenThenTwoPagesWithTokens() {
    String code = dialog("s1").get("code");

    String shortLived = exchange(code, REDIRECT).then().statusCode(200)
        .body("token_type", equalTo("bearer"))
        .body("expires_in", greaterThan(0))
        .body("access_token", startsWith("EAA"))
        .extract().path("access_token");

    exchange(code, REDIRECT).then().statusCode(400)
        .body("error.code", equalTo(100))
        .body("error.error_subcode", equalTo(36009))
        .body("error.type", equalTo("OAuthException"))
        .body("error.fbtrace_id", notNullValue())
        .body("error.is_transient", equalTo(false));

    String longLived = given()
        .queryParam("grant_type", "fb_exchange_token").queryParam("client_id", "app-1")
        .queryParam("client_secret", "secret").queryParam("fb_exchange_token", shortLived)
        .get("/v21.0/oauth/access_token")
        .then().statusCode(200)
        .body("expires_in", greaterThan(50 * 86400))
        .extract().path("access_token");
    assertThat(longLived).isNotEqualTo(shortLived);

    given().queryParam("fields", "id,name,access_token,tasks").queryParam("access_token", longLived)
        .get("/v21.0/me/accounts")
        .then().statusCode(200)
        .header("x-app-usage", notNullValue())
        .body("data.name", contains("Herald Demo Page", "Herald Second Page"))
        .body("data[0].id", org.hamcrest.Matchers.matchesPattern("\\d+"))
        .body("data[0].access_token", startsWith("EAA"))
        .body("data[0].tasks", hasItem("CREATE_CONTENT"));
  }

  @Test
  void codeExchangeNeedsTheIdenticalRedirectUriAndTheSecret() {
    String code = dialog("s2").get("code");

    exchange(code, REDIRECT + "/other").then().statusCode(400)
        .body("error.code", equalTo(100)).body("error.error_subcode", equalTo(36008));
    given().queryParam("client_id", "app-1").queryParam("redirect_uri", REDIRECT).queryParam("code", code)
        .get("/v21.0/oauth/access_token")
        .then().statusCode(400).body("error.code", equalTo(1));
    exchange("not-a-code", REDIRECT).then().statusCode(400)
        .body("error.code", equalTo(100)).body("error.error_subcode", equalTo(36007));

    // the failed attempts did not use the code up
    exchange(code, REDIRECT).then().statusCode(200);
  }

  @Test
  void theStateComesBackExactlyWhateverItHolds() {
    String state = "a b%20{c}&d=e/é";

    assertThat(dialog(state)).containsEntry("state", state);
  }

  @Test
  void aBadRedirectUriIsAGraphErrorNotARedirect() {
    given().redirects().follow(false)
        .queryParam("client_id", "app-1").queryParam("redirect_uri", "not a uri{}").queryParam("state", "x")
        .get("/v21.0/dialog/oauth")
        .then().statusCode(400).body("error.code", equalTo(100));
  }

  @Test
  void deniedDialogRedirectsWithTheDocumentedErrorParameters() {
    given().contentType("application/json").body(Map.of("consent", "DENY"))
        .put("/_sim/oauth/facebook").then().statusCode(204);

    Map<String, String> query = dialog("denied-state");

    assertThat(query).containsEntry("error", "access_denied").containsEntry("error_reason", "user_denied")
        .containsEntry("state", "denied-state").containsKey("error_description").doesNotContainKey("code");
  }

  @Test
  void aRequestParameterCanDenyASingleDialog() {
    var location = given().redirects().follow(false)
        .queryParam("client_id", "app-1").queryParam("redirect_uri", REDIRECT).queryParam("state", "x")
        .queryParam("sim_consent", "deny")
        .get("/v19.0/dialog/oauth").then().statusCode(302).extract().header("Location");
    assertThat(query(location)).containsEntry("error", "access_denied");
  }

  @Test
  void debugTokenReportsValidPageTokensAndInvalidatedOnes() {
    var page = io.herald.simulator.SimFixtures.page();

    given().queryParam("input_token", page.get("pageToken")).queryParam("access_token", "app-1|secret")
        .get("/v21.0/debug_token")
        .then().statusCode(200)
        .body("data.is_valid", equalTo(true))
        .body("data.type", equalTo("PAGE"))
        .body("data.expires_at", equalTo(0))
        .body("data.profile_id", equalTo(page.get("pageId")))
        .body("data.scopes", containsInAnyOrder("pages_show_list", "pages_read_engagement", "pages_manage_posts"));

    given().contentType("application/json").body(Map.of("token", page.get("pageToken")))
        .post("/_sim/tokens/revoke").then().statusCode(200).body("invalidated", equalTo(1));

    given().queryParam("input_token", page.get("pageToken")).queryParam("access_token", "app-1|secret")
        .get("/v21.0/debug_token")
        .then().statusCode(200)
        .body("data.is_valid", equalTo(false))
        .body("data.error.code", equalTo(190))
        .body("data.error.subcode", equalTo(460));
  }

  @Test
  void debugTokenWithoutAnAppTokenIsAGraphError() {
    given().queryParam("input_token", "whatever").get("/v21.0/debug_token")
        .then().statusCode(400).body("error.code", equalTo(104));
  }

  static Response exchange(String code, String redirectUri) {
    return given().queryParam("client_id", "app-1").queryParam("client_secret", "secret")
        .queryParam("redirect_uri", redirectUri).queryParam("code", code)
        .get("/v21.0/oauth/access_token");
  }

  static Map<String, String> dialog(String state) {
    ExtractableResponse<Response> response = given().redirects().follow(false)
        .queryParam("client_id", "app-1").queryParam("redirect_uri", REDIRECT).queryParam("state", state)
        .queryParam("response_type", "code")
        .queryParam("scope", "pages_show_list,pages_read_engagement,pages_manage_posts")
        .get("/v21.0/dialog/oauth")
        .then().statusCode(302).extract();
    String location = response.header("Location");
    assertThat(location).startsWith(REDIRECT + "?");
    return query(location);
  }

  static Map<String, String> query(String location) {
    Map<String, String> values = new HashMap<>();
    for (String pair : URI.create(location).getRawQuery().split("&")) {
      String[] parts = pair.split("=", 2);
      values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
    }
    return values;
  }
}
