package io.herald.health.fuzz;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.common.security.Roles;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.fuzz.Fuzz;
import io.herald.common.testing.fuzz.HostileJson;
import io.herald.common.testing.fuzz.HostileRequest;
import io.herald.health.support.StatusPageProfile;
import io.herald.common.testing.OpenApiOperations;
import io.quarkus.logging.Log;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

/**
 * health-aggregator's endpoints are public reads (the status page and the status API show health, never tenant
 * data): no endpoint writes, a token of any kind changes nothing, and no query makes a 5xx. Property-based fuzzing
 * (common's fuzz kit) of every endpoint's path and query parameters: instants far out of range or not instants,
 * steps that overflow or are zero or negative, unknown services and hostile strings, any other method, hostile
 * headers. Every answer is below 500 and every 4xx problem+json.
 *
 * <p>The seed is logged at start ({@code -Dherald.fuzz.seed=...} replays one run); {@code -Dherald.fuzz.tries} sets
 * the count per endpoint (default 60).
 */
@QuarkusTest
@TestProfile(StatusPageProfile.class)
@WithTestResource(HeraldInfraResource.class)
class EndpointFuzzTest {
  private static final int TRIES = Fuzz.tries(60);

  static final List<String> ENDPOINTS = List.of("GET /", "GET /api/v1/status", "GET /api/v1/status/{service}",
      "GET /api/v1/status/{service}/history", "GET /api/v1/incidents", "GET /api/v1/alerts");

  @Test
  void theTableCoversEveryEndpointOfTheOpenApiDocumentAndNoneWrites() {
    var documented = OpenApiOperations.documented();
    assertThat(documented).isEqualTo(new TreeSet<>(ENDPOINTS));
  }

  @Test
  void aTokenOfAnyKindChangesNothingOnThePublicEndpoints() {
    var problems = new ArrayList<String>();
    for (String endpoint : ENDPOINTS) {
      String path = endpoint.substring(4).replace("{service}", "auth-service");
      String anonymous = given().get(path).then().extract().statusLine();
      for (String authorization : List.of("Bearer " + TestJwt.token(UUID.randomUUID(), Roles.OWNER),
          "Bearer " + TestJwt.serviceToken(), "Bearer " + TestJwt.tokenSignedByAnotherKey(UUID.randomUUID(),
              Roles.OWNER), "Bearer x.y.z", "Basic Og==")) {
        Response response = given().header("Authorization", authorization).get(path);
        if (!response.statusLine().equals(anonymous)) {
          problems.add(endpoint + " with " + authorization.substring(0, 12) + ": " + response.statusLine()
              + ", anonymous " + anonymous);
        }
      }
      // No write: any other method is refused as such.
      for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
        Response response = given().header("Authorization", "Bearer " + TestJwt.token(UUID.randomUUID(),
            Roles.OWNER)).contentType(ContentType.JSON).body("{}").request(method, path);
        if (response.statusCode() != 405 || !response.contentType().startsWith("application/problem+json")) {
          problems.add(method + " " + path + ": " + response.statusCode() + " " + response.contentType());
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyEndpointAnswersHostileQueriesWithA4xxProblemNeverA5xx() {
    Fuzz.run("health-aggregator endpoints", this::fuzz);
  }

  private void fuzz(Random random, long seed) {
    var service = HostileJson.mostly(Arbitraries.of("auth-service", "content-service", "publisher-worker"),
        Arbitraries.oneOf(HostileJson.text(), Arbitraries.of("nope", "AUTH-SERVICE", "auth-service ", "..", "%00",
            "auth-service/history", "facebook", "tiktok")));
    var instant = HostileJson.mostly(Arbitraries.of("2026-12-01T09:00:00Z", "2030-03-01T12:00:00Z",
        "2026-12-06T00:00:00Z"), HostileJson.instant());
    var step = HostileJson.mostly(Arbitraries.of("1m", "5m", "1h", "1d", "PT15M", "30s"), Arbitraries.oneOf(
        HostileJson.text(), Arbitraries.of("0s", "0m", "-1h", "PT0S", "PT-1H", "P999999999D", "999999999d",
            "999999999s", "PT0.000000001S", "P1Y", "1w", "PT9223372036854775807S", "P106751991167300D", "1.5h",
            "1e3s", "", " ", "PT1H ", "pt1h")));
    var statuses = new TreeMap<String, TreeMap<Integer, Integer>>();
    for (String endpoint : ENDPOINTS) {
      Arbitrary<Map<String, String>> query = switch (endpoint) {
        case "GET /api/v1/status/{service}/history" -> Combinators.combine(maybe(instant), maybe(instant), maybe(step))
            .as((from, to, s) -> params("from", from, "to", to, "step", s));
        case "GET /api/v1/incidents" -> Combinators.combine(maybe(service), maybe(instant), maybe(instant))
            .as((s, from, to) -> params("service", s, "from", from, "to", to));
        case "GET /api/v1/alerts" -> maybe(service).map(s -> params("service", s));
        default -> Arbitraries.oneOf(Arbitraries.just(Map.of()), HostileJson.text().map(v -> params("x", v)));
      };
      for (int i = 0; i < TRIES; i++) {
        var request = Fuzz.draw(HostileRequest.bodiless(), random);
        var params = Fuzz.draw(query, random);
        String path = endpoint.substring(4).replace("{service}", Fuzz.draw(service.filter(s -> !s.isEmpty()
            && !s.contains("{") && !s.contains("}") && !s.contains("/") && !s.contains("?") && !s.contains("#")),
            random));
        var spec = request.spec(null);
        params.forEach(spec::queryParam);
        Optional<Response> answered = request.unlessRefusedForSize(path, params, () -> spec.get(path));
        if (answered.isEmpty()) {
          // Refused by the HTTP server for its size (414/431), the answer lost with the closed connection.
          statuses.computeIfAbsent(endpoint, k -> new TreeMap<>()).merge(431, 1, Integer::sum);
          continue;
        }
        Response response = answered.get();
        String what = endpoint + " #" + i + " (seed " + seed + ") " + path + " " + params + ": " + request;
        int status = response.statusCode();
        if (endpoint.equals("GET /") && status < 500 && response.contentType().startsWith("text/html")) {
          assertThat(status).as(what).isEqualTo(200);
        } else {
          HostileRequest.assertNoServerErrorAndProblems(response, what);
        }
        statuses.computeIfAbsent(endpoint, k -> new TreeMap<>()).merge(status, 1, Integer::sum);
      }
    }
    Log.infof("health-aggregator fuzz statuses: %s", statuses);
  }

  /** The value, or absent (null) now and then. */
  private static Arbitrary<String> maybe(Arbitrary<String> value) {
    return value.injectNull(0.25);
  }

  private static Map<String, String> params(String... namesAndValues) {
    var map = new LinkedHashMap<String, String>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        map.put(namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return map;
  }
}
