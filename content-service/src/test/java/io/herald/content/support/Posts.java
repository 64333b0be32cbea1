package io.herald.content.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Request bodies and calls shared by the posts tests. */
public final class Posts {
  private Posts() {}

  public static String facebook(UUID accountId) {
    return """
        {"text":"Launch day!","link":"https://example.com/launch","targets":[{"socialAccountId":"%s"}]}"""
        .formatted(accountId);
  }

  public static String facebookAt(UUID accountId, String scheduledAt) {
    return """
        {"text":"Launch day!","link":"https://example.com/launch","targets":[{"socialAccountId":"%s"}],
         "scheduledAt":"%s"}""".formatted(accountId, scheduledAt);
  }

  public static String tiktokVideo(UUID accountId) {
    return """
        {"text":"Launch day! #herald","media":[{"type":"VIDEO","url":"https://cdn.example.com/launch.mp4"}],
         "targets":[{"socialAccountId":"%s","options":{"privacyLevel":"PUBLIC_TO_EVERYONE","disableComment":false,
                     "disableDuet":true,"disableStitch":true,"mode":"DIRECT_POST"}}]}""".formatted(accountId);
  }

  public static RequestSpecification as(String token) {
    return given().auth().oauth2(token).contentType(ContentType.JSON);
  }

  public static ValidatableResponse create(String token, String body) {
    return as(token).body(body).post("/api/v1/posts").then();
  }

  public static String createId(String token, String body) {
    return create(token, body).statusCode(201).extract().path("id");
  }

  /** {@code POST /api/v1/posts:validate} finds the body valid. */
  public static void validates(String token, String body) {
    as(token).body(body).post("/api/v1/posts:validate").then().statusCode(200).body("valid", equalTo(true));
  }

  /** {@code POST /api/v1/posts:validate} refuses the body: 422 problem+json naming {@code field} with {@code message}. */
  public static void refuses(String token, String body, String field, String message) {
    as(token).body(body).post("/api/v1/posts:validate").then().statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", hasItem(field))
        .body("detail", containsString(field + ": " + message));
  }
}
