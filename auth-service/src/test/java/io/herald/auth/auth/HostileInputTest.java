package io.herald.auth.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.auth.tenant.ReturnUrls;
import io.herald.common.testing.ChunkedPost;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** NUL, invalid UTF-8, oversized and deeply nested bodies: always a 4xx problem+json, never a 500, nothing written. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class HostileInputTest {
  @Inject
  DataSource db;

  @TestHTTPResource("/oauth2/token")
  URI token;

  @Test
  void aNulCharacterAnywhereInAJsonBodyIsA400() throws Exception {
    String email = Api.uniqueEmail("nul");
    problem(given().contentType(ContentType.JSON)
        .body("{\"tenantName\":\"Bad\\u0000Name\",\"email\":\"" + email + "\",\"password\":\"" + Api.PASSWORD + "\"}")
        .post("/api/v1/auth/signup"), 400).body("errors[0].field", equalTo("tenantName"));
    problem(given().contentType(ContentType.JSON).header("X-Forwarded-For", Api.freshAddress())
        .body("{\"email\":\"a\\u0000@example.com\",\"password\":\"x\"}").post("/api/v1/auth/login"), 400);
    var owner = Api.signup();
    problem(Api.as(owner).contentType(ContentType.JSON).body("{\"name\":\"C\\u0000MS\",\"roles\":[\"EDITOR\"]}")
        .post("/api/v1/api-clients"), 400);
    problem(Api.as(owner).contentType(ContentType.JSON).body("{\"email\":\"x\\u0000@example.com\",\"role\":\"VIEWER\"}")
        .post("/api/v1/users"), 400);
    problem(Api.as(owner).contentType(ContentType.JSON)
        .body("{\"platform\":\"FACEBOOK\",\"returnUrl\":\"https://a.example/\\u0000\"}")
        .post("/api/v1/social-accounts/connect"), 400);
    problem(Api.as(owner).contentType(ContentType.JSON).body("{\"returnUrlAllowlist\":[\"https://a\\u0000.example\"]}")
        .patch("/api/v1/tenant"), 400);
    // Other control characters in names are refused by validation.
    problem(given().contentType(ContentType.JSON)
        .body(Map.of("tenantName", "Bell\u0007", "email", Api.uniqueEmail("c"), "password", Api.PASSWORD))
        .post("/api/v1/auth/signup"), 422);
    assertThat(count("SELECT count(*) FROM users WHERE email = ?", email)).isZero();
  }

  @Test
  void nulAndControlCharactersInTokenEndpointFormsAreOAuthErrors() {
    given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
        .formParam("client_id", "hc_\u0000").formParam("client_secret", "x").post("/oauth2/token").then()
        .statusCode(400).body("error", equalTo("invalid_request"));
    given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "refresh_token")
        .formParam("refresh_token", "x".repeat(5000)).post("/oauth2/token").then().statusCode(400)
        .body("error", equalTo("invalid_request"));
    String basic = java.util.Base64.getEncoder().encodeToString("id%00:%zz".getBytes(StandardCharsets.UTF_8));
    given().contentType("application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
        .formParam("grant_type", "client_credentials").post("/oauth2/token").then().statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void aTokenFormSentInChunksIsReadAndOnePastTheLimitIsA413Problem() throws Exception {
    String form = "application/x-www-form-urlencoded";
    var small = ChunkedPost.send(token, form, "grant_type=refresh_token&refresh_token=" + "x".repeat(5000), Map.of());
    assertThat(small.statusCode()).isEqualTo(400);
    assertThat(small.body()).contains("invalid_request");
    // 70 kB in fields of 4 kB, each within max-form-attribute-size: only the body limit (64K) refuses it.
    String fields = "grant_type=refresh_token&" + String.join("&", Collections.nCopies(17,
        "scope=" + "x".repeat(4096)));
    var big = ChunkedPost.send(token, form, fields, Map.of());
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(big.body()).contains("/body-too-large").contains("larger than 65536 bytes");
  }

  @Test
  void aFormWithMoreFieldsThanAllowedIsA4xx() {
    String fields = "grant_type=refresh_token&" + String.join("&", Collections.nCopies(1200, "a=1"));
    given().contentType("application/x-www-form-urlencoded").body(fields).post("/oauth2/token").then()
        .statusCode(both(greaterThanOrEqualTo(400)).and(lessThan(500)));
  }

  @Test
  void invalidUtf8IsA400() {
    byte[] body = "{\"email\":\"x@example.com\",\"password\":\"\u0000\"}".getBytes(StandardCharsets.UTF_8);
    byte[] broken = new byte[body.length + 2];
    System.arraycopy(body, 0, broken, 0, 12);
    broken[12] = (byte) 0xC3;
    broken[13] = (byte) 0x28;
    System.arraycopy(body, 12, broken, 14, body.length - 12);
    problem(given().contentType("application/json; charset=utf-8").header("X-Forwarded-For", Api.freshAddress())
        .body(broken).post("/api/v1/auth/login"), 400);
    given().queryParam("state", "%C3%28").queryParam("code", "%FF").urlEncodingEnabled(false)
        .get("/api/v1/social-accounts/callback/facebook").then().statusCode(lessThan(500));
  }

  /** Found by reading the fuzz suite's bounds: the longest allowlist the API accepts did not fit its column, a 500. */
  @Test
  void theLongestReturnUrlAllowlistTheApiAcceptsIsStored() {
    var owner = Api.signup();
    List<String> origins = new java.util.ArrayList<>();
    for (int i = 0; i < ReturnUrls.MAX_ORIGINS; i++) {
      // DNS labels of at most 40 characters, filled up to the longest origin the API takes
      String suffix = "h" + i + ".example";
      int room = ReturnUrls.MAX_ORIGIN_LENGTH - "https://".length() - suffix.length();
      var host = new StringBuilder();
      while (host.length() < room) {
        host.append("x".repeat(Math.min(40, room - host.length() - 1))).append('.');
      }
      origins.add("https://" + host + suffix);
    }
    Api.as(owner).contentType(ContentType.JSON).body(Map.of("returnUrlAllowlist", origins)).patch("/api/v1/tenant")
        .then().statusCode(200).body("returnUrlAllowlist.size()", equalTo(ReturnUrls.MAX_ORIGINS));
    Api.as(owner).get("/api/v1/tenant").then().statusCode(200).body("returnUrlAllowlist", equalTo(origins));
  }

  @Test
  void anOversizedBodyIsA413Problem() {
    String big = "{\"tenantName\":\"" + "x".repeat(70_000) + "\",\"email\":\"a@example.com\",\"password\":\"p\"}";
    problem(given().contentType(ContentType.JSON).body(big).post("/api/v1/auth/signup"), 413);
    var owner = Api.signup();
    problem(Api.as(owner).contentType(ContentType.JSON).body(big).post("/api/v1/api-clients"), 413);
  }

  @Test
  void deepNestingAndWrongShapesAre4xx() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    problem(given().contentType(ContentType.JSON).body(deep).post("/api/v1/auth/signup"), 400);
    String deepField = "{\"tenantName\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3000)
        + ",\"email\":\"a@example.com\",\"password\":\"p\"}";
    given().contentType(ContentType.JSON).body(deepField).post("/api/v1/auth/signup").then()
        .statusCode(400).contentType("application/problem+json");
    for (String body : List.of("null", "[]", "\"x\"", "1e999999", "{\"email\":{},\"password\":[]}", "")) {
      Response response = given().contentType(ContentType.JSON).header("X-Forwarded-For", Api.freshAddress())
          .body(body).post("/api/v1/auth/login");
      assertThat(response.statusCode()).as(body).isBetween(400, 499);
      assertThat(response.contentType()).as(body).startsWith("application/problem+json");
    }
  }

  private static io.restassured.response.ValidatableResponse problem(Response response, int status) {
    return response.then().statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
  }

  private long count(String sql, String value) throws Exception {
    try (var connection = db.getConnection(); var statement = connection.prepareStatement(sql)) {
      statement.setString(1, value);
      var result = statement.executeQuery();
      result.next();
      return result.getLong(1);
    }
  }
}
