package io.herald.auth.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Test helpers: each test signs up its own tenant and calls as one of its users. */
public final class Api {
  public static final String PASSWORD = "Violet-Kettle-Orbit-42";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Api() {}

  /** A signed-in user: their tokens and who they are. */
  public record Session(String accessToken, String refreshToken, String email, UUID tenantId, UUID userId) {}

  public static String uniqueEmail(String who) {
    return who + "-" + UUID.randomUUID() + "@example.com";
  }

  /** A client address of its own, so throttling of logins and signups by address never crosses tests. */
  public static String freshAddress() {
    var r = ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
  }

  public static Session signup() {
    String email = uniqueEmail("owner");
    var body = given().contentType(ContentType.JSON).header("X-Forwarded-For", freshAddress())
        .body(Map.of("tenantName", "Tenant " + UUID.randomUUID(), "email", email, "password", PASSWORD))
        .post("/api/v1/auth/signup").then().statusCode(201).extract().asString();
    return session(body, email);
  }

  public static Session login(String email, String password) {
    var body = given().contentType(ContentType.JSON).header("X-Forwarded-For", freshAddress())
        .body(Map.of("email", email, "password", password))
        .post("/api/v1/auth/login").then().statusCode(200).extract().asString();
    return session(body, email);
  }

  /** Invites a user with the given role into the owner's tenant and accepts the invitation. */
  public static Session member(Session owner, String role) {
    String email = uniqueEmail(role.toLowerCase());
    String token = as(owner).contentType(ContentType.JSON).body(Map.of("email", email, "role", role))
        .post("/api/v1/users").then().statusCode(201).extract().path("invitationToken");
    var body = given().contentType(ContentType.JSON).body(Map.of("token", token, "password", PASSWORD))
        .post("/api/v1/auth/accept-invitation").then().statusCode(200).extract().asString();
    return session(body, email);
  }

  public static RequestSpecification as(Session session) {
    return as(session.accessToken());
  }

  public static RequestSpecification as(String accessToken) {
    return given().auth().oauth2(accessToken);
  }

  /** The claims of a JWT (not verified: the service under test does that). */
  public static JsonNode claims(String jwt) {
    return decode(jwt.split("\\.")[1]);
  }

  public static JsonNode header(String jwt) {
    return decode(jwt.split("\\.")[0]);
  }

  private static JsonNode decode(String part) {
    try {
      return JSON.readTree(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Session session(String tokenJson, String email) {
    try {
      JsonNode tokens = JSON.readTree(tokenJson);
      String access = tokens.get("access_token").asText();
      JsonNode claims = claims(access);
      return new Session(access, tokens.path("refresh_token").asText(null), email,
          UUID.fromString(claims.get("tid").asText()), UUID.fromString(claims.get("sub").asText()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
