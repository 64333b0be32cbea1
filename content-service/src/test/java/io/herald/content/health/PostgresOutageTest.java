package io.herald.content.health;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.facebook;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Postgres taken away (a real network cut through a proxy) and given back: the pod leaves and rejoins, alive. */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, initArgs = @ResourceArg(name = "proxyPostgres", value = "true"))
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class PostgresOutageTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);

  @AfterEach
  void restore() {
    HeraldInfraResource.postgresProxy().reconnect();
  }

  @Test
  void readinessFollowsPostgresWhileLivenessStaysUpAndWritesFailCleanly() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    given().get("/q/health/ready").then().statusCode(200);

    HeraldInfraResource.postgresProxy().disconnect();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
        .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("DOWN")));
    given().get("/q/health/live").then().statusCode(200);
    // A write while the database is away is refused as an outage to retry, never half-written.
    as(editor).body(facebook(account)).post("/api/v1/posts").then().statusCode(503)
        .contentType("application/problem+json").header("Retry-After", "5");

    HeraldInfraResource.postgresProxy().reconnect();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    given().get("/q/health/live").then().statusCode(200);
    as(editor).body(facebook(account)).post("/api/v1/posts").then().statusCode(201);
  }
}
