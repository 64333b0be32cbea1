package io.herald.publisher.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.herald.common.security.Roles;
import io.herald.common.stream.Priority;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.PlatformFakes;
import io.herald.common.testing.OpenApiOperations;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * For every publisher-worker endpoint (the table below, checked against the OpenAPI document so a new endpoint cannot
 * be forgotten): another tenant's dead letter is neither listed nor replayable (404), a VIEWER or EDITOR reaches no
 * queue endpoint (403), a service token acts for no tenant, and a tenant's token is no TikTok signature. The worker
 * has no {@code /internal} endpoint for a tenant token to reach (the table check proves there is none).
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class IsolationSuiteTest {
  @Inject
  RedisDataSource redis;

  /** Who may call an endpoint. */
  enum Access { ADMIN, TIKTOK_SIGNED }

  record Endpoint(String method, String path, Access access) {}

  static final List<Endpoint> ENDPOINTS = List.of(
      new Endpoint("GET", "/api/v1/queues", Access.ADMIN),
      new Endpoint("GET", "/api/v1/queues/dead", Access.ADMIN),
      new Endpoint("POST", "/api/v1/queues/dead/{entryId}/replay", Access.ADMIN),
      new Endpoint("POST", "/webhooks/tiktok", Access.TIKTOK_SIGNED));

  @Test
  void theTableCoversEveryEndpointOfTheOpenApiDocument() {
    var documented = OpenApiOperations.documented();
    var listed = new TreeSet<String>();
    ENDPOINTS.forEach(e -> listed.add(e.method() + " " + e.path()));
    assertThat(listed).isEqualTo(documented);
    assertThat(documented).noneMatch(operation -> operation.contains(" /internal"));
  }

  @Test
  void deadLettersStayWithTheirTenantAndRolesInTheirPlace() {
    var alicesJob = Jobs.job(Jobs.Account.facebook(), Jobs.text("Alice's poison " + UUID.randomUUID()));
    var bobsJob = Jobs.job(Jobs.Account.facebook(), Jobs.text("Bob's poison " + UUID.randomUUID()));
    String alices = deadLetter(alicesJob.toFields());
    String bobs = deadLetter(bobsJob.toFields());
    UUID bob = bobsJob.tenantId();
    try {
      var problems = new ArrayList<String>();
      for (var endpoint : ENDPOINTS) {
        String path = endpoint.path().replace("{entryId}", bobs);
        if (endpoint.access() == Access.TIKTOK_SIGNED) {
          // A tenant's (or a service's) token is no TikTok signature.
          for (String token : List.of(TestJwt.token(bob, Roles.OWNER), TestJwt.serviceToken())) {
            expect(problems, endpoint, "token without signature", given().auth().oauth2(token)
                .contentType(ContentType.JSON).body("{\"event\":\"post.publish.complete\",\"content\":\"{}\"}")
                .post(path), 401);
          }
          continue;
        }
        // A service token acts for no tenant; VIEWER and EDITOR see no queue (on the tenant's own dead letter).
        int asService = given().auth().oauth2(TestJwt.serviceToken()).request(endpoint.method(), path).statusCode();
        if (asService != 401 && asService != 403) {
          problems.add(endpoint.method() + " " + endpoint.path() + " as service: " + asService);
        }
        for (String role : List.of(Roles.VIEWER, Roles.EDITOR)) {
          expect(problems, endpoint, role, given().auth().oauth2(TestJwt.token(bob, role))
              .request(endpoint.method(), path), 403);
        }
      }
      // Another tenant's dead letter: not listed, not replayable, whether OWNER or ADMIN.
      for (String role : List.of(Roles.OWNER, Roles.ADMIN)) {
        String bobsToken = TestJwt.token(bob, role);
        given().auth().oauth2(bobsToken).get("/api/v1/queues/dead").then().statusCode(200)
            .body("items.entryId", hasItem(bobs)).body("items.entryId", not(hasItem(alices)));
        expect(problems, ENDPOINTS.get(2), role + " of another tenant", given().auth().oauth2(bobsToken)
            .post("/api/v1/queues/dead/" + alices + "/replay"), 404);
      }
      assertThat(problems).isEmpty();
      // Nothing moved: both dead letters are still there.
      assertThat(entry(alices)).isNotEmpty();
      assertThat(entry(bobs)).isNotEmpty();
    } finally {
      redis.stream(String.class).xdel(StreamKeys.DEAD, alices, bobs);
    }
  }

  /** A job dead-lettered as common's StreamGroup does it (the job's fields and why it died). */
  private String deadLetter(Map<String, String> job) {
    var fields = new LinkedHashMap<>(job);
    fields.put("reason", "isolation test");
    fields.put("deliveries", "6");
    fields.put("sourceStream", Priority.NORMAL.streamKey());
    fields.put("sourceEntryId", "0-1");
    fields.put("deadAt", Instant.now().toString());
    return redis.stream(String.class).xadd(StreamKeys.DEAD, fields);
  }

  private List<?> entry(String id) {
    return redis.stream(String.class).xrange(StreamKeys.DEAD, StreamRange.of(id, id));
  }

  private static void expect(List<String> problems, Endpoint endpoint, String who, Response response, int status) {
    if (response.statusCode() != status || !response.contentType().startsWith("application/problem+json")) {
      problems.add(endpoint.method() + " " + endpoint.path() + " as " + who + ": " + response.statusCode() + " "
          + response.contentType());
    }
  }
}
