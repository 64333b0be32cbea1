package io.herald.auth.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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

  /** What API tools need (and deploy/openapi-lint checks on the build's copy): servers, the scheme, who needs it. */
  @Test
  void openApiNamesItsServersAndTheBearerSchemeOnExactlyTheOperationsThatNeedIt() {
    given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
        .body("servers.url", contains("/", "http://auth-service:8081"))
        .body("components.securitySchemes.bearerJwt.type", equalTo("http"))
        .body("components.securitySchemes.bearerJwt.scheme", equalTo("bearer"))
        .body("components.securitySchemes.bearerJwt.bearerFormat", equalTo("JWT"))
        .body("paths.'/api/v1/auth/signup'.post.security", empty())
        .body("paths.'/api/v1/auth/login'.post.security", empty())
        .body("paths.'/oauth2/token'.post.security", empty())
        .body("paths.'/.well-known/jwks.json'.get.security", empty())
        .body("paths.'/api/v1/social-accounts/callback/{platform}'.get.security", empty())
        .body("paths.'/api/v1/me'.get.security[0]", hasKey("bearerJwt"))
        .body("paths.'/api/v1/users'.get.security[0].bearerJwt", contains("OWNER", "ADMIN"))
        .body("paths.'/api/v1/users'.get.operationId", equalTo("listUsers"));
  }
}
