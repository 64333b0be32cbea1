package io.herald.publisher.facebook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.ledger.Ledger;
import io.herald.publisher.ledger.LedgerState;
import io.herald.publisher.support.DelayedJobs;
import io.herald.publisher.support.GraphStubs;
import io.herald.publisher.support.FastRecoveryProfile;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The facebook breaker opens after the configured failures, defers jobs while open, and a half-open probe recovers. */
@QuarkusTest
@TestProfile(FastRecoveryProfile.class)
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class CircuitBreakerTest {
  @Inject
  Worker worker;

  @Inject
  DelayedJobs delayed;

  @Inject
  Ledger ledger;

  @Inject
  CircuitBreakerMaintenance breakers;

  Account account;

  @BeforeEach
  void setUp() {
    breakers.resetAll();
    account = Account.facebook();
    Worker.credentialsFor(account);
  }

  @Test
  void breakerOpensDefersJobsWithoutCountingThemAndRecoversThroughAHalfOpenProbe() {
    String feed = "/v21.0/" + account.externalId() + "/feed";
    String scenario = "outage-" + account.id();
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(feed)).inScenario(scenario).whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json").withBody(
            "{\"error\":{\"message\":\"Service temporarily unavailable\",\"type\":\"OAuthException\",\"code\":2,"
                + "\"is_transient\":true,\"fbtrace_id\":\"A1\"}}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(feed)).inScenario(scenario).whenScenarioStateIs("up")
        .willReturn(GraphStubs.json(
            "{\"id\":\"" + account.externalId() + "_{{randomValue length=15 type='NUMERIC'}}\"}")
            .withTransformers("response-template")));
    PlatformFakes.wireMock().stubFor(post(urlPathMatching("/v21.0/" + account.externalId() + "_\\d+"))
        .willReturn(GraphStubs.json("{\"success\":true}")));
    List<JobMessage> jobs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      JobMessage job = Jobs.job(account, Jobs.text("Outage " + i));
      jobs.add(job);
      worker.enqueue(job);
    }

    await().atMost(Duration.ofSeconds(15)).until(() -> breakers.currentState("facebook") == CircuitBreakerState.OPEN);
    int callsWhenOpened = PlatformFakes.wireMock().findAll(postRequestedFor(urlPathEqualTo(feed))).size();
    assertThat(callsWhenOpened).isEqualTo(4);
    given().when().get("/q/metrics").then().statusCode(200)
        .body(containsString("herald_circuit_breaker_state{platform=\"facebook\"} 1.0"));
    given().when().get("/q/health/ready").then().statusCode(200)
        .body("checks.find { it.name == 'publisher-queues' }.data.facebook", org.hamcrest.Matchers.equalTo("OPEN"));

    JobMessage whileOpen = Jobs.job(account, Jobs.text("While open"));
    worker.enqueue(whileOpen);
    await().atMost(Duration.ofSeconds(2)).until(() -> delayed.dueAt(whileOpen.targetId()).isPresent());
    var entry = ledger.find(whileOpen.targetId()).orElseThrow();
    assertThat(entry.state()).isEqualTo(LedgerState.READY);
    assertThat(entry.tries()).isZero();
    assertThat(worker.results(whileOpen.targetId())).isEmpty();
    PlatformFakes.wireMock().verify(0, postRequestedFor(urlPathEqualTo(feed))
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("While open")));

    PlatformFakes.wireMock().setScenarioState(scenario, "up");
    jobs.add(whileOpen);
    for (JobMessage job : jobs) {
      assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId())
          .startsWith(account.externalId() + "_");
    }
    assertThat(breakers.currentState("facebook")).isEqualTo(CircuitBreakerState.CLOSED);
    given().when().get("/q/metrics").then().statusCode(200)
        .body(containsString("ft_circuitbreaker_opened_total"));
  }
}
