package io.herald.health.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.health.probe.Poller;
import io.herald.health.support.ScriptedProfile;
import io.herald.health.support.TestClock;
import io.herald.health.support.WatchedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every state change is announced once per webhook, retried with backoff after a failure, and recorded. */
@QuarkusTest
@TestProfile(ScriptedProfile.class)
@WithTestResource(HeraldInfraResource.class)
class AlertWebhookTest {
  static final String JSON_HOOK = "/hooks/json";
  static final String SLACK_HOOK = "/hooks/slack/T000/B000/XXXX";

  @Inject TestClock clock;
  @Inject Poller poller;

  @Test
  void firesOncePerTransitionAndRetriesAfterA500() {
    var wm = WatchedServices.wireMock();
    wm.resetRequests();
    // The JSON receiver fails its first call, then accepts; Slack accepts at once.
    wm.stubFor(post(urlEqualTo(JSON_HOOK)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
    wm.stubFor(post(urlEqualTo(JSON_HOOK)).inScenario("flaky").whenScenarioStateIs("recovered")
        .willReturn(aResponse().withStatus(204)));
    wm.stubFor(post(urlEqualTo(SLACK_HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));

    Instant t0 = Instant.parse("2030-05-01T08:00:00Z");
    WatchedServices.up("alerting");
    clock.set(t0);
    poller.poll("alerting");

    WatchedServices.down("alerting", "Database connections health check");
    clock.set(t0.plusSeconds(10));
    poller.poll("alerting");
    clock.set(t0.plusSeconds(20));
    poller.poll("alerting"); // still DOWN: no new alert

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(hookCalls(JSON_HOOK)).hasSize(1);
      assertThat(hookCalls(SLACK_HOOK)).hasSize(1);
    });
    // The failed delivery waits for its backoff (5 s on the aggregator's clock) before it is tried again.
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(hookCalls(JSON_HOOK)).hasSize(1));
    clock.set(t0.plusSeconds(26));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(hookCalls(JSON_HOOK)).hasSize(2));

    List<LoggedRequest> json = hookCalls(JSON_HOOK);
    assertThat(json.get(1).getBodyAsString()).isEqualTo(json.get(0).getBodyAsString());
    JsonPath down = JsonPath.from(json.get(0).getBodyAsString());
    assertThat(down.getString("event")).isEqualTo("DOWN");
    assertThat(down.getString("service")).isEqualTo("alerting");
    assertThat(down.getString("startedAt")).isEqualTo(t0.plusSeconds(10).toString());
    assertThat(down.getList("failedChecks")).containsExactly("Database connections health check");
    wm.verify(1, postRequestedFor(urlEqualTo(SLACK_HOOK)).withRequestBody(equalToJson(
        "{\"text\":\":red_circle: Herald: alerting is DOWN since " + t0.plusSeconds(10)
            + " (failed checks: Database connections health check)\"}")));

    WatchedServices.up("alerting");
    clock.set(t0.plusSeconds(100));
    poller.poll("alerting");
    clock.set(t0.plusSeconds(110));
    poller.poll("alerting"); // still UP: no new alert
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(hookCalls(JSON_HOOK)).hasSize(3);
      assertThat(hookCalls(SLACK_HOOK)).hasSize(2);
    });
    JsonPath recovered = JsonPath.from(hookCalls(JSON_HOOK).get(2).getBodyAsString());
    assertThat(recovered.getString("event")).isEqualTo("RECOVERED");
    assertThat(recovered.getLong("durationSeconds")).isEqualTo(90);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
      assertThat(hookCalls(JSON_HOOK)).hasSize(3);
      assertThat(hookCalls(SLACK_HOOK)).hasSize(2);
    });

    // Each delivery is recorded, the webhook shown by host only (a Slack URL is a secret).
    JsonPath alerts = given().queryParam("service", "alerting").get("/api/v1/alerts")
        .then().statusCode(200).extract().jsonPath();
    assertThat(alerts.getList("$")).hasSize(4);
    assertThat(alerts.getList("status", String.class)).containsOnly("DELIVERED");
    assertThat(alerts.getList("findAll { it.event == 'DOWN' && it.format == 'JSON' }.attempts", Integer.class))
        .containsExactly(2);
    assertThat(alerts.getList("findAll { it.event == 'DOWN' && it.format == 'JSON' }.lastError", String.class))
        .containsExactly((String) null);
    assertThat(alerts.prettify()).doesNotContain("XXXX").doesNotContain("/hooks/");
  }

  private static List<LoggedRequest> hookCalls(String path) {
    return WatchedServices.wireMock().findAll(postRequestedFor(urlPathMatching(path)));
  }
}
