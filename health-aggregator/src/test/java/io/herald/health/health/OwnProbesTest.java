package io.herald.health.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasItem;

import io.herald.common.testing.HeraldInfraResource;
import io.herald.health.probe.Poller;
import io.herald.health.support.OwnProbesProfile;
import io.herald.health.support.TestClock;
import io.herald.health.support.WatchedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The aggregator's own probes: liveness follows its loops, readiness its datasource, startup its migrations. */
@QuarkusTest
@TestProfile(OwnProbesProfile.class)
@WithTestResource(HeraldInfraResource.class)
class OwnProbesTest {
  @Inject TestClock clock;
  @Inject Poller poller;

  @Test
  void aPollLoopStuckPastItsBoundMakesLivenessDown() {
    for (String service : List.of("auth-service", "content-service", "publisher-worker")) {
      WatchedServices.up(service);
    }
    Instant t = Instant.parse("2030-09-01T00:00:00Z");
    clock.set(t);
    poller.pollAll();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/health/live").then().statusCode(200)
        .body("checks.find { it.name == 'background-loops' }.data.'poll-loop'", startsWith("running")));

    // No poll round for longer than 3 intervals + the timeout (31 s): the loop is stuck.
    clock.set(t.plusSeconds(40));
    given().get("/q/health/live").then().statusCode(503)
        .body("status", equalTo("DOWN"))
        .body("checks.find { it.name == 'background-loops' }.data.'poll-loop'",
            startsWith("stuck: last round 40000 ms ago"));

    poller.pollAll();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/health/live").then().statusCode(200));
  }

  @Test
  void readinessIsTheDatasourceAndStartupTheMigrations() {
    given().get("/q/health/ready").then().statusCode(200)
        .body("checks.name", hasItem("Database connections health check"));
    given().get("/q/health/started").then().statusCode(200)
        .body("checks.find { it.name == 'migrations' }.data.pending", equalTo(0))
        .body("checks.find { it.name == 'migrations' }.data.version", equalTo("1"));
  }
}
