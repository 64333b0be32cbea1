package io.herald.auth.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class LoginThrottleTest {

  @Test
  void fiveFailuresForAnEmailThrottleItEvenWithTheRightPassword() {
    var owner = Api.signup();
    for (int i = 0; i < 5; i++) {
      login(owner.email(), "Wrong-Password-" + i, Api.freshAddress()).then().statusCode(401);
    }
    Response throttled = login(owner.email(), Api.PASSWORD, Api.freshAddress());
    throttled.then().statusCode(429).contentType("application/problem+json").body("type", endsWith("/rate-limited"));
    long retryAfter = Long.parseLong(throttled.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 900L);

    Api.as(owner).get("/api/v1/audit-events?type=LOGIN_THROTTLED").then().body("items.size()", equalTo(1));
    Api.as(owner).get("/api/v1/audit-events?type=LOGIN_FAILED").then().body("items.size()", equalTo(5));
  }

  @Test
  void twentyFailuresFromOneAddressThrottleThatAddress() {
    String address = Api.freshAddress();
    for (int i = 0; i < 20; i++) {
      login(Api.uniqueEmail("nobody"), "Wrong-Password-" + i, address).then().statusCode(401);
    }
    var owner = Api.signup();
    login(owner.email(), Api.PASSWORD, address).then().statusCode(429)
        .header("Retry-After", org.hamcrest.Matchers.notNullValue());
    // The same user from elsewhere is fine.
    login(owner.email(), Api.PASSWORD, Api.freshAddress()).then().statusCode(200);
  }

  @Test
  void aSuccessfulLoginClearsTheEmailsFailures() {
    var owner = Api.signup();
    for (int i = 0; i < 4; i++) {
      login(owner.email(), "Wrong-Password-" + i, Api.freshAddress()).then().statusCode(401);
    }
    login(owner.email(), Api.PASSWORD, Api.freshAddress()).then().statusCode(200);
    for (int i = 0; i < 4; i++) {
      login(owner.email(), "Wrong-Password-" + i, Api.freshAddress()).then().statusCode(401);
    }
    login(owner.email(), Api.PASSWORD, Api.freshAddress()).then().statusCode(200);
  }

  private static Response login(String email, String password, String address) {
    return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
        .body(Map.of("email", email, "password", password)).post("/api/v1/auth/login");
  }
}
