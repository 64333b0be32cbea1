package io.herald.auth.support;

import static io.restassured.RestAssured.given;

/** A service token obtained the way content-service and publisher-worker get theirs. */
public final class ServiceTokens {
  private ServiceTokens() {}

  public static String obtain(String clientId, String secret) {
    return given().contentType("application/x-www-form-urlencoded")
        .formParam("grant_type", "client_credentials").formParam("client_id", clientId)
        .formParam("client_secret", secret)
        .post("/oauth2/token").then().statusCode(200).extract().path("access_token");
  }
}
