package io.herald.simulator;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;

/** Seeds accounts through the control API, so each test owns fresh Pages and creators. */
public final class SimFixtures {
  private SimFixtures() {}

  /** A new Page of a new user: pageId, name, pageToken, userId, userToken. */
  public static Map<String, String> page() {
    return given().contentType(ContentType.JSON).body(Map.of())
        .when().post("/_sim/facebook/pages")
        .then().statusCode(201)
        .extract().jsonPath().getMap("", String.class, String.class);
  }

  /** Sets the Facebook delays ({@code videoProcessingTime}, {@code feedVisibilityDelay}); empty = configured. */
  public static void facebookTiming(Map<String, String> timing) {
    given().contentType(ContentType.JSON).body(timing).put("/_sim/facebook/timing").then().statusCode(200);
  }

  /** A new TikTok creator with tokens: openId, access_token, refresh_token, ... */
  public static Map<String, Object> creator() {
    return creator(Map.of());
  }

  public static Map<String, Object> creator(Map<String, Object> request) {
    return given().contentType(ContentType.JSON).body(request)
        .when().post("/_sim/tiktok/users")
        .then().statusCode(201)
        .extract().jsonPath().getMap("");
  }
}
