package io.herald.simulator.tiktok;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.herald.simulator.SimFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TikTokOAuthTest {
  static final String REDIRECT = "https://herald.example.com/api/v1/social-accounts/callback/TIKTOK";
  static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-0123456789";

  @Test
  void authorizeRedirectsWithCodeScopesAndState() {
    var query = authorize("state-1", challengeBase64(VERIFIER));

    assertThat(query).containsEntry("state", "state-1").containsKey("code")
        .containsEntry("scopes", "user.info.basic,video.publish");
  }

  @Test
  void codeWithBase64urlPkceIsExchangedOnceForTheDocumentedTokenShape() {
    String code = authorize("s", challengeBase64(VERIFIER)).get("code");

    token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
        "code_verifier", VERIFIER))
        .then().statusCode(200)
        .body("access_token", startsWith("act."))
        .body("refresh_token", startsWith("rft."))
        .body("expires_in", equalTo(86400))
        .body("refresh_expires_in", equalTo(31536000))
        .body("open_id", notNullValue())
        .body("scope", equalTo("user.info.basic,video.publish"))
        .body("token_type", equalTo("Bearer"));

    token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
        "code_verifier", VERIFIER))
        .then().statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", notNullValue())
        .body("log_id", notNullValue());
  }

  @Test
  void hexEncodedChallengeIsAcceptedAsWell() {
    String code = authorize("s", challengeHex(VERIFIER)).get("code");

    token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
        "code_verifier", VERIFIER))
        .then().statusCode(200);
  }

  @Test
  void aWrongOrMissingVerifierIsInvalidGrantAndDoesNotUseTheCode() {
    String code = authorize("s", challengeBase64(VERIFIER)).get("code");

    token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
        "code_verifier", VERIFIER + "x"))
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
    token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT))
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
    token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT + "/x",
        "code_verifier", VERIFIER))
        .then().statusCode(400).body("error", equalTo("invalid_grant"));

    token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
        "code_verifier", VERIFIER))
        .then().statusCode(200);
  }

  @Test
  void refreshTokensRotateAndAUsedOneIsInvalidGrant() {
    String code = authorize("s", challengeBase64(VERIFIER)).get("code");
    var first = token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
        "code_verifier", VERIFIER)).then().statusCode(200).extract().jsonPath();

    var second = token(Map.of("grant_type", "refresh_token", "refresh_token", first.getString("refresh_token")))
        .then().statusCode(200).extract().jsonPath();
    assertThat(second.getString("refresh_token")).isNotEqualTo(first.getString("refresh_token"));
    assertThat(second.getString("access_token")).isNotEqualTo(first.getString("access_token"));
    assertThat(second.getString("open_id")).isEqualTo(first.getString("open_id"));

    token(Map.of("grant_type", "refresh_token", "refresh_token", first.getString("refresh_token")))
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
    token(Map.of("grant_type", "refresh_token", "refresh_token", second.getString("refresh_token")))
        .then().statusCode(200);
  }

  @Test
  void clientCredentialsAndGrantTypeAreChecked() {
    given().contentType(ContentType.URLENC).formParam("client_key", "ck").formParam("grant_type", "refresh_token")
        .formParam("refresh_token", "rft.x")
        .post("/v2/oauth/token/")
        .then().statusCode(401).body("error", equalTo("invalid_client"));
    token(Map.of("grant_type", "password"))
        .then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
  }

  @Test
  void aRedirectUriWithAQueryIsRefusedWithTheOAuthErrorShape() {
    given().redirects().follow(false)
        .queryParam("client_key", "ck").queryParam("response_type", "code")
        .queryParam("redirect_uri", REDIRECT + "?x=1").queryParam("state", "st")
        .get("/v2/auth/authorize/")
        .then().statusCode(400).body("error", equalTo("invalid_request")).body("log_id", notNullValue());
  }

  @Test
  void deniedAuthorizationRedirectsWithAccessDenied() {
    var location = given().redirects().follow(false)
        .queryParam("client_key", "ck").queryParam("response_type", "code").queryParam("scope", "video.publish")
        .queryParam("redirect_uri", REDIRECT).queryParam("state", "st").queryParam("sim_consent", "deny")
        .get("/v2/auth/authorize/").then().statusCode(302).extract().header("Location");

    assertThat(query(location)).containsEntry("error", "access_denied").containsEntry("state", "st")
        .doesNotContainKey("code");
  }

  @Test
  void revokeEndsEveryTokenOfTheUser() {
    var creator = SimFixtures.creator(Map.of("clientKey", "ck"));
    String access = (String) creator.get("access_token");

    token(Map.of("token", access), "/v2/oauth/revoke/").then().statusCode(200);

    given().header("Authorization", "Bearer " + access).contentType(ContentType.JSON)
        .post("/v2/post/publish/creator_info/query/")
        .then().statusCode(401).body("error.code", equalTo("access_token_invalid"));
    token(Map.of("grant_type", "refresh_token", "refresh_token", (String) creator.get("refresh_token")))
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
  }

  static Response token(Map<String, String> form) {
    return token(form, "/v2/oauth/token/");
  }

  static Response token(Map<String, String> form, String path) {
    var request = given().contentType(ContentType.URLENC)
        .formParam("client_key", "ck").formParam("client_secret", "cs");
    form.forEach(request::formParam);
    return request.post(path);
  }

  static Map<String, String> authorize(String state, String challenge) {
    String location = given().redirects().follow(false)
        .queryParam("client_key", "ck").queryParam("response_type", "code")
        .queryParam("scope", "user.info.basic,video.publish").queryParam("redirect_uri", REDIRECT)
        .queryParam("state", state).queryParam("code_challenge", challenge)
        .queryParam("code_challenge_method", "S256")
        .get("/v2/auth/authorize/").then().statusCode(302).extract().header("Location");
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

  static String challengeBase64(String verifier) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
  }

  static String challengeHex(String verifier) {
    return HexFormat.of().formatHex(sha256(verifier));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
