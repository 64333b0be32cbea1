package io.herald.auth.token;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.herald.auth.client.ServiceClient;
import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class TokenFlowTest {
  @Inject
  ServiceClient serviceClient;

  @Test
  void signupAnswersTokensThatOpenTheApi() {
    var owner = Api.signup();
    var claims = Api.claims(owner.accessToken());
    assertThat(claims.get("iss").asText()).isEqualTo(PlatformFake.PUBLIC_URL);
    assertThat(claims.get("groups").get(0).asText()).isEqualTo("OWNER");
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
    assertThat(Api.header(owner.accessToken()).get("alg").asText()).isEqualTo("RS256");
    assertThat(Api.header(owner.accessToken()).get("kid").asText()).isNotBlank();

    Api.as(owner).get("/api/v1/me").then().statusCode(200)
        .body("email", equalTo(owner.email())).body("role", equalTo("OWNER"))
        .body("tenantId", equalTo(owner.tenantId().toString()));
  }

  @Test
  void loginAnswersTheRfc6749Shape() {
    var owner = Api.signup();
    given().contentType("application/json").header("X-Forwarded-For", Api.freshAddress())
        .body("{\"email\":\"" + owner.email().toUpperCase() + "\",\"password\":\"" + Api.PASSWORD + "\"}")
        .post("/api/v1/auth/login").then().statusCode(200)
        .header("Cache-Control", "no-store")
        .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(900))
        .body("access_token", notNullValue()).body("refresh_token", notNullValue());
  }

  @Test
  void wrongPasswordIsRefusedAsProblem() {
    var owner = Api.signup();
    given().contentType("application/json").header("X-Forwarded-For", Api.freshAddress())
        .body("{\"email\":\"" + owner.email() + "\",\"password\":\"Not-The-Password-1\"}")
        .post("/api/v1/auth/login").then().statusCode(401).contentType("application/problem+json")
        .body("status", equalTo(401));
  }

  @Test
  void refreshRotatesAndTheNewTokensWork() {
    var owner = Api.signup();
    String second = refresh(owner.refreshToken()).then().statusCode(200)
        .header("Cache-Control", "no-store")
        .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(900))
        .extract().path("refresh_token");
    assertThat(second).isNotEqualTo(owner.refreshToken());
    String access = refresh(second).then().statusCode(200).extract().path("access_token");
    Api.as(access).get("/api/v1/me").then().statusCode(200).body("email", equalTo(owner.email()));
  }

  @Test
  void reusingARotatedRefreshTokenRevokesTheWholeFamily() {
    var owner = Api.signup();
    String second = refresh(owner.refreshToken()).then().statusCode(200).extract().path("refresh_token");

    refresh(owner.refreshToken()).then().statusCode(400).contentType("application/json")
        .body("error", equalTo("invalid_grant")).body("error_description", notNullValue());
    // The legitimate holder's newer token died with the family.
    refresh(second).then().statusCode(400).body("error", equalTo("invalid_grant"));

    Api.as(owner).get("/api/v1/audit-events?type=REFRESH_TOKEN_REUSED").then().statusCode(200)
        .body("items.size()", equalTo(1));
  }

  @Test
  void revokeEndsTheSessionButNotOthers() {
    var owner = Api.signup();
    var otherSession = Api.login(owner.email(), Api.PASSWORD);
    given().contentType("application/x-www-form-urlencoded").formParam("token", owner.refreshToken())
        .post("/oauth2/revoke").then().statusCode(200);
    refresh(owner.refreshToken()).then().statusCode(400).body("error", equalTo("invalid_grant"));
    refresh(otherSession.refreshToken()).then().statusCode(200);
    // Unknown tokens are accepted silently (RFC 7009).
    given().contentType("application/x-www-form-urlencoded").formParam("token", "no-such-token")
        .post("/oauth2/revoke").then().statusCode(200);
  }

  @Test
  void unknownRefreshTokenAndBadRequestsUseOAuthErrors() {
    refresh("made-up").then().statusCode(400).body("error", equalTo("invalid_grant"));
    given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "password")
        .post("/oauth2/token").then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
    given().contentType("application/x-www-form-urlencoded").formParam("refresh_token", "x")
        .post("/oauth2/token").then().statusCode(400).body("error", equalTo("invalid_request"));
  }

  @Test
  void serviceClientGetsAServiceTokenWithoutTenant() {
    String token = given().contentType("application/x-www-form-urlencoded")
        .formParam("grant_type", "client_credentials").formParam("client_id", serviceClient.clientId())
        .formParam("client_secret", serviceClient.secret())
        .post("/oauth2/token").then().statusCode(200)
        .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(900))
        .body("refresh_token", nullValue()).extract().path("access_token");
    var claims = Api.claims(token);
    assertThat(claims.get("groups").get(0).asText()).isEqualTo("service");
    assertThat(claims.has("tid")).isFalse();
  }

  @Test
  void serviceClientMayAuthenticateWithHttpBasic() {
    String basic = Base64.getEncoder().encodeToString(
        (serviceClient.clientId() + ":" + serviceClient.secret()).getBytes(StandardCharsets.UTF_8));
    given().contentType("application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token").then().statusCode(200).body("access_token", notNullValue());
  }

  @Test
  void wrongClientSecretIsInvalidClient() {
    given().contentType("application/x-www-form-urlencoded")
        .formParam("grant_type", "client_credentials").formParam("client_id", serviceClient.clientId())
        .formParam("client_secret", "wrong")
        .post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
    String basic = Base64.getEncoder().encodeToString("nobody:wrong".getBytes(StandardCharsets.UTF_8));
    given().contentType("application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token").then().statusCode(401).header("WWW-Authenticate", "Basic realm=\"herald\"")
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void jwksPublishesTheSigningKeyAndDiscoveryPointsToIt() {
    var owner = Api.signup();
    String kid = Api.header(owner.accessToken()).get("kid").asText();
    given().get("/.well-known/jwks.json").then().statusCode(200)
        .body("keys.kid", hasItem(kid)).body("keys[0].kty", equalTo("RSA")).body("keys[0].alg", equalTo("RS256"))
        .body("keys[0].d", nullValue());
    given().get("/.well-known/openid-configuration").then().statusCode(200)
        .body("issuer", equalTo(PlatformFake.PUBLIC_URL))
        .body("jwks_uri", equalTo(PlatformFake.PUBLIC_URL + "/.well-known/jwks.json"))
        .body("token_endpoint", equalTo(PlatformFake.PUBLIC_URL + "/oauth2/token"));
  }

  private static io.restassured.response.Response refresh(String refreshToken) {
    return given().contentType("application/x-www-form-urlencoded")
        .formParam("grant_type", "refresh_token").formParam("refresh_token", refreshToken)
        .post("/oauth2/token");
  }
}
