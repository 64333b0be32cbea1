package io.herald.auth.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class HealthAndMetricsTest {

  @Test
  void probesReportTheirOwnChecks() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
        .body("checks.find { it.name == 'background-loops' }.data.'token-refresh'", startsWith("running"));
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
        .body(containsString("Redis"))
        .body("checks.find { it.name == 'resources' }.data.heap", equalTo("ok"))
        .body("checks.find { it.name == 'resources' }.data.heapThresholdPercent", equalTo(90));
    given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"))
        .body("checks.find { it.name == 'migrations' }.data.pending", equalTo(0))
        .body("checks.find { it.name == 'keys' }.status", equalTo("UP"));
  }

  @Test
  void domainMetricsAreExported() {
    var owner = Api.signup();
    Api.login(owner.email(), Api.PASSWORD);
    given().get("/q/metrics").then().statusCode(200)
        .body(containsString("herald_auth_logins_total{outcome=\"success\"}"))
        .body(containsString("herald_auth_token_grants_total"));
  }

  @Test
  void openApiDescribesTheApi() {
    given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/social-accounts/connect"));
  }
}
