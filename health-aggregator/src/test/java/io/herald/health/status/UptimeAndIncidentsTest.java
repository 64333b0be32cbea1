package io.herald.health.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.herald.common.testing.HeraldInfraResource;
import io.herald.health.probe.Poller;
import io.herald.health.retention.RetentionJob;
import io.herald.health.support.ScriptedProfile;
import io.herald.health.support.TestClock;
import io.herald.health.support.WatchedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A scripted sequence of outages, and what the API makes of it: samples, incidents, uptime, MTTR, history. */
@QuarkusTest
@TestProfile(ScriptedProfile.class)
@WithTestResource(HeraldInfraResource.class)
class UptimeAndIncidentsTest {
  static final Instant T0 = Instant.parse("2030-03-01T12:00:00Z");

  static {
    RestAssured.config =
        RestAssured.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE));
  }

  @Inject TestClock clock;
  @Inject Poller poller;
  @Inject RetentionJob retention;

  private void pollAt(long secondsAfterT0) {
    clock.set(T0.plusSeconds(secondsAfterT0));
    poller.poll("scripted");
  }

  @Test
  void recordsTransitionsAndComputesUptimeIncidentsAndMttrExactly() {
    WatchedServices.up("scripted");
    pollAt(0);
    pollAt(60);
    WatchedServices.down("scripted", "Database connections health check");
    pollAt(120);
    pollAt(180);
    WatchedServices.up("scripted");
    pollAt(240);
    pollAt(300);
    WatchedServices.unreachable("scripted");
    pollAt(360);
    WatchedServices.up("scripted");
    pollAt(390);
    clock.set(T0.plusSeconds(420));

    // Observed 420 s, DOWN from 120 to 240 and from 360 to 390: 150 s.
    JsonPath service = given().get("/api/v1/status/scripted").then().statusCode(200).extract().jsonPath();
    assertThat(service.getString("status")).isEqualTo("UP");
    assertThat(service.getDouble("uptime.'1h'")).isCloseTo(270.0 / 420.0, within(1e-9));
    assertThat(service.getDouble("uptime.'30d'")).isCloseTo(270.0 / 420.0, within(1e-9));
    assertThat(service.getLong("mttrSeconds")).isEqualTo(75);
    assertThat(service.getString("openIncident")).isNull();

    JsonPath incidents = given().queryParam("service", "scripted")
        .get("/api/v1/incidents").then().statusCode(200).extract().jsonPath();
    assertThat(incidents.getList("items")).hasSize(2);
    assertThat(incidents.getString("items[0].startedAt")).isEqualTo(T0.plusSeconds(360).toString());
    assertThat(incidents.getString("items[0].endedAt")).isEqualTo(T0.plusSeconds(390).toString());
    assertThat(incidents.getLong("items[0].durationSeconds")).isEqualTo(30);
    assertThat(incidents.getList("items[0].failedChecks")).isEmpty();
    assertThat(incidents.getString("items[0].error")).startsWith("unreachable");
    assertThat(incidents.getString("items[1].startedAt")).isEqualTo(T0.plusSeconds(120).toString());
    assertThat(incidents.getLong("items[1].durationSeconds")).isEqualTo(120);
    assertThat(incidents.getList("items[1].failedChecks")).containsExactly("Database connections health check");
    assertThat(incidents.getLong("mttrSeconds")).isEqualTo(75);

    JsonPath history = given()
        .queryParam("from", T0.minusSeconds(60).toString()).queryParam("to", T0.plusSeconds(420).toString())
        .queryParam("step", "1m")
        .get("/api/v1/status/scripted/history").then().statusCode(200).extract().jsonPath();
    assertThat(history.getList("steps.status", String.class))
        .containsExactly("NO_DATA", "UP", "UP", "DOWN", "DOWN", "UP", "UP", "PARTIAL");
    assertThat(history.getString("steps[0].uptime")).isNull();
    assertThat(history.getDouble("steps[7].uptime")).isCloseTo(0.5, within(1e-9));
    assertThat(history.getList("steps.samples", Integer.class)).containsExactly(0, 1, 1, 1, 1, 1, 1, 2);
    assertThat(history.getDouble("uptime")).isCloseTo(270.0 / 420.0, within(1e-9));
  }

  @Test
  void anOutageStillGoingOnIsAnOpenIncidentAndTimeNobodyWatchedDoesNotCount() {
    Instant start = Instant.parse("2030-04-01T00:00:00Z");
    WatchedServices.up("probed");
    clock.set(start);
    poller.poll("probed");
    clock.set(start.plusSeconds(60));
    poller.poll("probed");
    // The aggregator was not watching for an hour: a sample stands for at most the maximum gap (5 minutes).
    WatchedServices.down("probed", "redis");
    clock.set(start.plus(Duration.ofMinutes(61)));
    poller.poll("probed");
    clock.set(start.plus(Duration.ofMinutes(63)));

    JsonPath service = given().get("/api/v1/status/probed").then().statusCode(200).extract().jsonPath();
    assertThat(service.getString("status")).isEqualTo("DOWN");
    // UP: 0..60 s and 60..360 s (gap-capped); DOWN: 61..63 min. Observed 360 + 120 s.
    assertThat(service.getDouble("uptime.'24h'")).isCloseTo(360.0 / 480.0, within(1e-9));
    assertThat(service.getString("openIncident.startedAt")).isEqualTo(start.plus(Duration.ofMinutes(61)).toString());
    assertThat(service.getLong("openIncident.durationSeconds")).isEqualTo(120);
    assertThat(service.getList("openIncident.failedChecks")).containsExactly("redis");
    assertThat(service.getList("checks.name")).contains("redis");

    // Much later, with no sample for longer than the gap, the state is unknown rather than a stale DOWN.
    clock.set(start.plus(Duration.ofHours(5)));
    given().get("/api/v1/status/probed").then().statusCode(200).body("status", equalTo("UNKNOWN"));
  }

  @Test
  void retentionPurgesSamplesOlderThanThePeriod() {
    Instant old = Instant.parse("2030-06-01T00:00:00Z");
    WatchedServices.up("purged");
    clock.set(old);
    poller.poll("purged");
    clock.set(old.plusSeconds(60));
    poller.poll("purged");
    clock.set(old.plus(Duration.ofDays(31)));
    poller.poll("purged");
    String from = old.minusSeconds(60).toString();
    String to = old.plus(Duration.ofDays(31)).plusSeconds(60).toString();

    assertThat(samplesBetween(from, to)).isEqualTo(3);
    retention.purge();
    assertThat(samplesBetween(from, to)).isEqualTo(1);
  }

  private int samplesBetween(String from, String to) {
    List<Map<String, Object>> steps = given().queryParam("from", from).queryParam("to", to).queryParam("step", "1d")
        .get("/api/v1/status/purged/history").then().statusCode(200).extract().jsonPath().getList("steps");
    return steps.stream().mapToInt(s -> (Integer) s.get("samples")).sum();
  }

  @Test
  void badQueriesAreClearProblems() {
    given().get("/api/v1/status/nope/history").then().statusCode(404)
        .contentType("application/problem+json").body("detail", equalTo("Service 'nope' was not found"));
    given().queryParam("from", "yesterday").get("/api/v1/status/scripted/history").then().statusCode(400)
        .contentType("application/problem+json").body("errors[0].field", equalTo("from"));
    given().queryParam("step", "often").get("/api/v1/status/scripted/history").then().statusCode(400)
        .contentType("application/problem+json").body("errors[0].field", equalTo("step"));
    given().queryParam("from", "2030-01-02T00:00:00Z").queryParam("to", "2030-01-01T00:00:00Z")
        .get("/api/v1/status/scripted/history").then().statusCode(400)
        .contentType("application/problem+json").body("errors[0].field", equalTo("from"));
    given().queryParam("from", "2030-01-01T00:00:00Z").queryParam("to", "2030-02-01T00:00:00Z").queryParam("step", "1s")
        .get("/api/v1/status/scripted/history").then().statusCode(400)
        .contentType("application/problem+json").body("detail", startsWith("step: gives 2678400 steps"));
    given().queryParam("service", "nope").get("/api/v1/incidents").then().statusCode(404)
        .contentType("application/problem+json");
    for (String path : List.of("/api/v1/status/scripted/history", "/api/v1/incidents")) {
      for (String extreme : List.of("+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z",
          "0000-12-31T23:59:59Z", "10000-01-01T00:00:00Z")) {
        for (String bound : List.of("from", "to")) {
          given().queryParam(bound, extreme).get(path).then().statusCode(400)
              .contentType("application/problem+json").body("errors[0].field", equalTo(bound));
        }
      }
    }
    given().queryParam("from", "0001-01-01T00:00:00Z").queryParam("to", "9999-12-31T23:59:59Z")
        .get("/api/v1/incidents").then().statusCode(200);
    for (String step : List.of("PT2562047788015216H", "999999999d")) {
      given().queryParam("from", "0001-01-01T00:00:00Z").queryParam("to", "9999-12-31T23:59:59Z")
          .queryParam("step", step).get("/api/v1/status/scripted/history").then().statusCode(400)
          .contentType("application/problem+json").body("errors[0].field", equalTo("step"));
    }
  }
}
