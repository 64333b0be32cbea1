package io.herald.auth.user;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.herald.auth.client.ServiceClient;
import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.auth.support.Platforms;
import io.herald.auth.support.ServiceTokens;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.OpenApiOperations;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * For every auth-service endpoint (the table below, checked against the OpenAPI document so a new endpoint cannot
 * be forgotten): another tenant's ids answer 404, a VIEWER cannot write, a tenant token cannot reach
 * {@code /internal}, a service token cannot act as a tenant.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class IsolationSuiteTest {
  @Inject
  ServiceClient serviceClient;

  /** Who may call an endpoint. */
  enum Access { PUBLIC, ANY_TENANT_ROLE, TENANT_READ, ADMIN_READ, ADMIN_WRITE, INTERNAL }

  /** One operation; {@code body} is a valid body, so a refusal is never a validation error in disguise. */
  record Endpoint(String method, String path, Access access, String body) {
    boolean hasId() {
      return path.contains("{id}");
    }
  }

  static final List<Endpoint> ENDPOINTS = List.of(
      new Endpoint("POST", "/api/v1/auth/signup", Access.PUBLIC, null),
      new Endpoint("POST", "/api/v1/auth/login", Access.PUBLIC, null),
      new Endpoint("POST", "/api/v1/auth/accept-invitation", Access.PUBLIC, null),
      new Endpoint("POST", "/oauth2/token", Access.PUBLIC, null),
      new Endpoint("POST", "/oauth2/revoke", Access.PUBLIC, null),
      new Endpoint("GET", "/.well-known/jwks.json", Access.PUBLIC, null),
      new Endpoint("GET", "/.well-known/openid-configuration", Access.PUBLIC, null),
      new Endpoint("GET", "/.well-known/oauth-authorization-server", Access.PUBLIC, null),
      new Endpoint("GET", "/api/v1/social-accounts/connect/start", Access.PUBLIC, null),
      new Endpoint("GET", "/api/v1/social-accounts/callback/{platform}", Access.PUBLIC, null),
      new Endpoint("POST", "/api/v1/social-accounts/connect/confirm", Access.PUBLIC, null),
      new Endpoint("GET", "/api/v1/me", Access.ANY_TENANT_ROLE, null),
      new Endpoint("GET", "/api/v1/tenant", Access.TENANT_READ, null),
      new Endpoint("PATCH", "/api/v1/tenant", Access.ADMIN_WRITE, "{\"returnUrlAllowlist\":[]}"),
      new Endpoint("GET", "/api/v1/users", Access.ADMIN_READ, null),
      new Endpoint("POST", "/api/v1/users", Access.ADMIN_WRITE, "{\"email\":\"%s\",\"role\":\"VIEWER\"}"),
      new Endpoint("GET", "/api/v1/users/{id}", Access.ADMIN_READ, null),
      new Endpoint("PATCH", "/api/v1/users/{id}", Access.ADMIN_WRITE, "{\"role\":\"VIEWER\"}"),
      new Endpoint("DELETE", "/api/v1/users/{id}", Access.ADMIN_WRITE, null),
      new Endpoint("GET", "/api/v1/api-clients", Access.ADMIN_READ, null),
      new Endpoint("POST", "/api/v1/api-clients", Access.ADMIN_WRITE, "{\"name\":\"x\",\"roles\":[\"VIEWER\"]}"),
      new Endpoint("GET", "/api/v1/api-clients/{id}", Access.ADMIN_READ, null),
      new Endpoint("DELETE", "/api/v1/api-clients/{id}", Access.ADMIN_WRITE, null),
      new Endpoint("POST", "/api/v1/social-accounts/connect", Access.ADMIN_WRITE, "{\"platform\":\"FACEBOOK\"}"),
      new Endpoint("GET", "/api/v1/social-accounts", Access.TENANT_READ, null),
      new Endpoint("GET", "/api/v1/social-accounts/{id}", Access.TENANT_READ, null),
      new Endpoint("PATCH", "/api/v1/social-accounts/{id}", Access.ADMIN_WRITE, "{\"verifiedUrlPrefixes\":[]}"),
      new Endpoint("GET", "/api/v1/social-accounts/{id}/capabilities", Access.TENANT_READ, null),
      new Endpoint("DELETE", "/api/v1/social-accounts/{id}", Access.ADMIN_WRITE, null),
      new Endpoint("GET", "/api/v1/audit-events", Access.ADMIN_READ, null),
      new Endpoint("GET", "/internal/v1/social-accounts/{id}", Access.INTERNAL, null),
      new Endpoint("GET", "/internal/v1/social-accounts/{id}/credentials", Access.INTERNAL, null),
      new Endpoint("GET", "/internal/v1/social-accounts/{id}/capabilities", Access.INTERNAL, null),
      new Endpoint("POST", "/internal/v1/social-accounts/{id}/refresh", Access.INTERNAL, null),
      new Endpoint("POST", "/internal/v1/social-accounts/{id}/reauth-required", Access.INTERNAL,
          "{\"reason\":\"test\"}"));

  @Test
  void theTableCoversEveryEndpointOfTheOpenApiDocument() {
    var documented = OpenApiOperations.documented();
    var listed = new TreeSet<String>();
    ENDPOINTS.forEach(e -> listed.add(e.method() + " " + e.path()));
    assertThat(listed).isEqualTo(documented);
  }

  @Test
  void everyTenantEndpointKeepsTenantsApartAndRolesInTheirPlace() {
    var alice = Api.signup();
    var bob = Api.signup();
    var bobViewer = Api.member(bob, "VIEWER");
    var aliceEditor = Api.member(alice, "EDITOR");
    String aliceClient = Api.as(alice).contentType(ContentType.JSON)
        .body(Map.of("name", "CMS", "roles", List.of("EDITOR"))).post("/api/v1/api-clients").then().statusCode(201)
        .extract().path("id");
    String aliceAccount = Platforms.connectFacebookPage(alice, "iso-" + UUID.randomUUID(), "EAAP-iso");
    String bobAccount = Platforms.connectFacebookPage(bob, "iso-" + UUID.randomUUID(), "EAAP-bob");
    var created = Api.as(bob).contentType(ContentType.JSON).body(Map.of("name", "Admin client", "roles",
        List.of("ADMIN"))).post("/api/v1/api-clients").then().statusCode(201).extract();
    String bobAdminClientToken = ServiceTokens.obtain(created.path("clientId"), created.path("clientSecret"));
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());

    var problems = new ArrayList<String>();
    for (var endpoint : ENDPOINTS) {
      if (endpoint.access() == Access.PUBLIC) {
        continue;
      }
      if (endpoint.access() == Access.INTERNAL) {
        // A tenant's token, a user's or an API client's, never reaches /internal.
        expect(problems, endpoint, "OWNER", call(bob.accessToken(), endpoint, bobAccount), 403);
        expect(problems, endpoint, "ADMIN client", call(bobAdminClientToken, endpoint, bobAccount), 403);
        continue;
      }
      // A service token acts for no tenant.
      int asService = call(service, endpoint, bobAccount).statusCode();
      if (asService != 401 && asService != 403) {
        problems.add(endpoint + " as service: " + asService);
      }
      // A VIEWER writes nothing and reads no admin data.
      if (endpoint.access() == Access.ADMIN_WRITE || endpoint.access() == Access.ADMIN_READ) {
        expect(problems, endpoint, "VIEWER", call(bobViewer.accessToken(), endpoint, bobAccount), 403);
      }
      // Another tenant's ids are absent.
      if (endpoint.hasId()) {
        String aliceId = endpoint.path().contains("/users/") ? aliceEditor.userId().toString()
            : endpoint.path().contains("/api-clients/") ? aliceClient : aliceAccount;
        expect(problems, endpoint, "other tenant's id", call(bob.accessToken(), endpoint, aliceId), 404);
      }
    }
    assertThat(problems).isEmpty();

    // And nothing of Alice's moved.
    Api.as(alice).get("/api/v1/users/" + aliceEditor.userId()).then().statusCode(200).body("role", equalTo("EDITOR"));
    Api.as(alice).get("/api/v1/api-clients/" + aliceClient).then().statusCode(200);
    Api.as(alice).get("/api/v1/social-accounts/" + aliceAccount).then().statusCode(200)
        .body("status", equalTo("ACTIVE"));
    Api.as(alice).get("/api/v1/tenant").then().statusCode(200).body("returnUrlAllowlist.size()", equalTo(0));
  }

  private static void expect(List<String> problems, Endpoint endpoint, String who, Response response, int status) {
    if (response.statusCode() != status || !response.contentType().startsWith("application/problem+json")) {
      problems.add(endpoint.method() + " " + endpoint.path() + " as " + who + ": " + response.statusCode() + " "
          + response.contentType());
    }
  }

  private static Response call(String token, Endpoint endpoint, String id) {
    var request = given().auth().oauth2(token).accept(ContentType.JSON);
    if (endpoint.body() != null) {
      request.contentType(ContentType.JSON).body(endpoint.body().formatted(Api.uniqueEmail("iso")));
    }
    return request.request(endpoint.method(), endpoint.path().replace("{id}", id));
  }
}
