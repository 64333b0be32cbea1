package io.herald.auth.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Login throttling on a Redis Cluster of three masters: its scripts touch the email's, the address's and the pair's
 * counters at once, which share the hash tag {@code {login}}, so they run on one node instead of failing CROSSSLOT.
 */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class,
    initArgs = @ResourceArg(name = HeraldInfraResource.REDIS_CLUSTER, value = "true"))
@WithTestResource(PlatformFake.class)
class RedisClusterLoginTest {

  @Test
  void wrongPasswordsFromOneClientAreThrottledWhileTheOwnerLogsInElsewhere() {
    var owner = Api.signup();
    String attacker = Api.freshAddress();
    int refused = 0;
    for (int i = 0; i < 6; i++) {
      int status = login(owner.email(), "Wrong-Password-" + i, attacker).statusCode();
      assertThat(status).isIn(401, 429);
      refused += status == 429 ? 1 : 0;
    }
    assertThat(refused).isGreaterThanOrEqualTo(2);
    login(owner.email(), Api.PASSWORD, Api.freshAddress()).then().statusCode(200);
  }

  private static Response login(String email, String password, String address) {
    return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
        .body(Map.of("email", email, "password", password)).post("/api/v1/auth/login");
  }
}
