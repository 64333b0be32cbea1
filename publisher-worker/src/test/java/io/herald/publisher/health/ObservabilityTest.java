package io.herald.publisher.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.herald.common.health.Heartbeats;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.GraphStubs;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The probes and the domain metrics a Prometheus scrape and Kubernetes see. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class ObservabilityTest {
  @Inject
  Worker worker;

  @Test
  void probesReportLoopsQueuesBreakersAndMigrations() {
    given().when().get("/q/health/live").then().statusCode(200)
        .body("checks.name", hasItems("background-loops"))
        .body("checks.find { it.name == 'background-loops' }.data.'publisher-delayed-mover'", startsWith("running"))
        .body("checks.find { it.name == 'background-loops' }.data.'publisher-claimer'", startsWith("running"));
    given().when().get("/q/health/ready").then().statusCode(200)
        .body("checks.find { it.name == 'publisher-queues' }.data.tiktok", equalTo("CLOSED"))
        .body("checks.find { it.name == 'publisher-queues' }.data",
            org.hamcrest.Matchers.hasKey("herald:{jobs}:high.lag"));
    given().when().get("/q/health/started").then().statusCode(200)
        .body("checks.find { it.name == 'migrations' }.data.pending", equalTo(0));
  }

  @Inject
  Heartbeats heartbeats;

  @Test
  void aLoopThatStoppedReportingMakesLivenessDown() {
    heartbeats.register("publisher-test-loop", java.time.Duration.ofMinutes(1));
    heartbeats.beat("publisher-test-loop", java.time.Instant.now().minus(java.time.Duration.ofMinutes(5)));
    try {
      given().when().get("/q/health/live").then().statusCode(503)
          .body("checks.find { it.name == 'background-loops' }.data.'publisher-test-loop'", startsWith("stuck"));
    } finally {
      heartbeats.remove("publisher-test-loop");
    }
    given().when().get("/q/health/live").then().statusCode(200);
  }

  /**
   * A publish is counted by the domain meters and the breaker; the Graph calls it made leave no per-request client
   * series (Micrometer's HTTP client binder is off: docs/metrics.md).
   */
  @Test
  void publishingShowsUpInTheDomainMetrics() {
    Account account = Account.facebook();
    Worker.credentialsFor(account);
    GraphStubs.createsAndPublishes(account);
    JobMessage job = Jobs.job(account, Jobs.text("Counted"));
    worker.enqueue(job);
    worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);

    given().when().get("/q/metrics").then().statusCode(200)
        .body(containsString("herald_publish_attempts_total{outcome=\"published\",platform=\"facebook\"}"))
        .body(containsString("herald_publish_duration_seconds_count{platform=\"facebook\"}"))
        .body(containsString("herald_queue_lag{stream=\"herald:{jobs}:high\"}"))
        .body(containsString("herald_jobs_in_flight"))
        .body(containsString("herald_jobs_delayed"))
        .body(containsString("herald_jobs_dead"))
        .body(containsString("herald_circuit_breaker_state{platform=\"tiktok\"}"))
        .body(containsString("ft_invocations_total"))
        .body(not(containsString("http_client_")));
  }
}
