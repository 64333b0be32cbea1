package io.herald.content.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Posts;
import io.herald.common.testing.OpenApiOperations;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * For every content-service endpoint (the table below, checked against the OpenAPI document so a new endpoint cannot
 * be forgotten): another tenant's ids answer 404, a VIEWER cannot write (nor an EDITOR manage webhooks), a service
 * token acts for no tenant; content-service has no {@code /internal} endpoint for a tenant token to reach (the table
 * check proves there is none). Afterwards nothing of the other tenant's moved.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class IsolationSuiteTest {
  /** Who may call an endpoint. */
  enum Access { READ, WRITE, ADMIN_READ, ADMIN_WRITE }

  /** One operation; {@code body} is a valid body (%s: an account of the caller), so a refusal is never a 422. */
  record Endpoint(String method, String path, Access access, String body) {
    boolean hasId() {
      return path.contains("{id}");
    }

    boolean writes() {
      return access == Access.WRITE || access == Access.ADMIN_WRITE;
    }
  }

  static final String POST = """
      {"text":"Isolation","targets":[{"socialAccountId":"%s"}],"scheduledAt":"%s"}""";

  static final List<Endpoint> ENDPOINTS = List.of(
      new Endpoint("GET", "/api/v1/posts", Access.READ, null),
      new Endpoint("POST", "/api/v1/posts", Access.WRITE, POST),
      new Endpoint("POST", "/api/v1/posts:batch", Access.WRITE, "{\"items\":[" + POST + "]}"),
      new Endpoint("POST", "/api/v1/posts:validate", Access.WRITE, POST),
      new Endpoint("GET", "/api/v1/posts/{id}", Access.READ, null),
      new Endpoint("PATCH", "/api/v1/posts/{id}", Access.WRITE, "{\"text\":\"Changed\"}"),
      new Endpoint("DELETE", "/api/v1/posts/{id}", Access.WRITE, null),
      new Endpoint("GET", "/api/v1/posts/{id}/attempts", Access.READ, null),
      new Endpoint("POST", "/api/v1/posts/{id}/retry", Access.WRITE, null),
      new Endpoint("POST", "/api/v1/posts/{id}/targets/{targetId}/resolve", Access.WRITE,
          "{\"resolution\":\"SEND_AGAIN\"}"),
      new Endpoint("POST", "/api/v1/posts/{id}/targets/{targetId}/edit", Access.WRITE, "{\"text\":\"Edited\"}"),
      new Endpoint("POST", "/api/v1/posts/{id}/targets/{targetId}/unpublish", Access.WRITE, null),
      new Endpoint("GET", "/api/v1/webhooks", Access.ADMIN_READ, null),
      new Endpoint("POST", "/api/v1/webhooks", Access.ADMIN_WRITE,
          "{\"url\":\"https://hooks.example.com/iso\",\"events\":[\"post.published\"]}"),
      new Endpoint("GET", "/api/v1/webhooks/{id}", Access.ADMIN_READ, null),
      new Endpoint("DELETE", "/api/v1/webhooks/{id}", Access.ADMIN_WRITE, null),
      new Endpoint("GET", "/api/v1/webhooks/{id}/deliveries", Access.ADMIN_READ, null));

  @Test
  void theTableCoversEveryEndpointOfTheOpenApiDocument() {
    var documented = OpenApiOperations.documented();
    var listed = new TreeSet<String>();
    ENDPOINTS.forEach(e -> listed.add(e.method() + " " + e.path()));
    assertThat(listed).isEqualTo(documented);
    // No /internal endpoint here: a tenant token has nothing internal to reach.
    assertThat(documented).noneMatch(operation -> operation.contains(" /internal"));
  }

  /** A tenant with its account, a scheduled post (and its target) and a webhook. */
  record Tenant(UUID id, String owner, UUID account, String post, String target, String webhook) {
    static Tenant create() {
      UUID id = UUID.randomUUID();
      String owner = TestJwt.token(id, Roles.OWNER);
      UUID account = AuthServiceMock.active(id, Platform.FACEBOOK);
      var post = Posts.create(owner, POST.formatted(account, later())).statusCode(201).extract();
      String webhook = Posts.as(owner).body("{\"url\":\"https://hooks.example.com/" + id + "\",\"events\":"
          + "[\"post.published\"]}").post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
      return new Tenant(id, owner, account, post.path("id"), post.path("targets[0].id"), webhook);
    }
  }

  @Test
  void everyEndpointKeepsTenantsApartAndRolesInTheirPlace() {
    var alice = Tenant.create();
    var bob = Tenant.create();
    String bobViewer = TestJwt.token(bob.id(), Roles.VIEWER);
    String bobEditor = TestJwt.token(bob.id(), Roles.EDITOR);
    String service = TestJwt.serviceToken();

    var problems = new ArrayList<String>();
    for (var endpoint : ENDPOINTS) {
      // A service token acts for no tenant.
      int asService = call(service, endpoint, bob, bob).statusCode();
      if (asService != 401 && asService != 403) {
        problems.add(endpoint.method() + " " + endpoint.path() + " as service: " + asService);
      }
      // A VIEWER writes nothing; webhooks are for OWNER and ADMIN only (on the tenant's own ids: the role refuses).
      if (endpoint.writes()) {
        expect(problems, endpoint, "VIEWER", call(bobViewer, endpoint, bob, bob), 403);
      }
      if (endpoint.access() == Access.ADMIN_READ || endpoint.access() == Access.ADMIN_WRITE) {
        expect(problems, endpoint, "EDITOR", call(bobEditor, endpoint, bob, bob), 403);
      }
      // Another tenant's ids are absent, also a target of Alice's under a post of Bob's.
      if (endpoint.hasId()) {
        expect(problems, endpoint, "owner of another tenant", call(bob.owner(), endpoint, alice, bob), 404);
        if (endpoint.path().contains("{targetId}")) {
          var mixedRequest = given().auth().oauth2(bob.owner()).contentType(ContentType.JSON);
          if (endpoint.body() != null) {
            mixedRequest.body(endpoint.body());
          }
          var mixed = mixedRequest.post("/api/v1/posts/" + bob.post() + "/targets/" + alice.target()
                  + endpoint.path().substring(endpoint.path().lastIndexOf('/')));
          expect(problems, endpoint, "owner, own post and another tenant's target", mixed, 404);
        }
      }
    }
    assertThat(problems).isEmpty();

    // Another tenant's account in a body is no account of the caller's: refused, nothing written.
    String onAlicesAccount = POST.formatted(alice.account(), later());
    Posts.create(bob.owner(), onAlicesAccount).statusCode(422).contentType("application/problem+json");
    Posts.as(bob.owner()).body(onAlicesAccount).post("/api/v1/posts:validate").then().statusCode(422);
    Posts.as(bob.owner()).body("{\"items\":[" + onAlicesAccount + "]}").post("/api/v1/posts:batch").then()
        .statusCode(200).body("items[0].status", equalTo(422));
    // Lists show only the caller's own.
    Posts.as(bob.owner()).get("/api/v1/posts").then().statusCode(200).body("items.id", equalTo(List.of(bob.post())));
    Posts.as(bob.owner()).get("/api/v1/webhooks").then().statusCode(200).body("id", equalTo(List.of(bob.webhook())));

    // And nothing of Alice's, nor of Bob's through his VIEWER and EDITOR, moved.
    for (var tenant : List.of(alice, bob)) {
      Posts.as(tenant.owner()).get("/api/v1/posts/" + tenant.post()).then().statusCode(200)
          .body("version", equalTo(1)).body("text", equalTo("Isolation")).body("status", equalTo("SCHEDULED"));
      Posts.as(tenant.owner()).get("/api/v1/webhooks/" + tenant.webhook()).then().statusCode(200);
      Posts.as(tenant.owner()).get("/api/v1/posts").then().statusCode(200).body("items.size()", equalTo(1));
      Posts.as(tenant.owner()).get("/api/v1/webhooks").then().statusCode(200).body("size()", equalTo(1));
    }
  }

  private static String later() {
    return Instant.now().plus(2, ChronoUnit.DAYS).toString();
  }

  private static void expect(List<String> problems, Endpoint endpoint, String who, Response response, int status) {
    if (response.statusCode() != status || !response.contentType().startsWith("application/problem+json")) {
      problems.add(endpoint.method() + " " + endpoint.path() + " as " + who + ": " + response.statusCode() + " "
          + response.contentType());
    }
  }

  /** Calls the endpoint with {@code owner}'s ids and, in a body, an account of {@code caller}'s. */
  private static Response call(String token, Endpoint endpoint, Tenant owner, Tenant caller) {
    var request = given().auth().oauth2(token).accept(ContentType.JSON);
    if (endpoint.body() != null) {
      request.contentType(ContentType.JSON).body(endpoint.body().contains("%s")
          ? endpoint.body().formatted(caller.account(), later()) : endpoint.body());
    }
    String path = endpoint.path().replace("{targetId}", owner.target()).replace("{id}",
        endpoint.path().startsWith("/api/v1/webhooks") ? owner.webhook() : owner.post());
    return request.request(endpoint.method(), path);
  }
}
