package io.herald.auth.user;

import static org.hamcrest.Matchers.equalTo;

import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.auth.support.Platforms;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every tenant-scoped endpoint answers another tenant's ids as absent (404), never as forbidden. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class TenantIsolationTest {

  @Test
  void anotherTenantsIdsAreNotFoundEverywhere() {
    var alice = Api.signup();
    var bob = Api.signup();
    var aliceEditor = Api.member(alice, "EDITOR");
    String aliceClient = Api.as(alice).contentType(ContentType.JSON)
        .body(Map.of("name", "CMS", "roles", java.util.List.of("EDITOR")))
        .post("/api/v1/api-clients").then().statusCode(201).extract().path("id");
    String aliceAccount = Platforms.connectFacebookPage(alice, "iso-" + UUID.randomUUID(), "EAAP-iso");

    notFound(Api.as(bob).get("/api/v1/users/" + aliceEditor.userId()));
    notFound(Api.as(bob).contentType(ContentType.JSON).body(Map.of("role", "VIEWER"))
        .patch("/api/v1/users/" + aliceEditor.userId()));
    notFound(Api.as(bob).delete("/api/v1/users/" + aliceEditor.userId()));
    notFound(Api.as(bob).get("/api/v1/api-clients/" + aliceClient));
    notFound(Api.as(bob).delete("/api/v1/api-clients/" + aliceClient));
    notFound(Api.as(bob).get("/api/v1/social-accounts/" + aliceAccount));
    notFound(Api.as(bob).delete("/api/v1/social-accounts/" + aliceAccount));

    Api.as(bob).get("/api/v1/users").then().body("size()", equalTo(1));
    Api.as(bob).get("/api/v1/api-clients").then().body("size()", equalTo(0));
    Api.as(bob).get("/api/v1/social-accounts").then().body("size()", equalTo(0));
    Api.as(bob).get("/api/v1/audit-events").then().body("items.size()", equalTo(1))
        .body("items[0].type", equalTo("SIGNUP"));

    // Nothing of Alice's was changed by Bob's attempts.
    Api.as(alice).get("/api/v1/users/" + aliceEditor.userId()).then().statusCode(200).body("role", equalTo("EDITOR"));
    Api.as(alice).get("/api/v1/api-clients/" + aliceClient).then().statusCode(200);
    Api.as(alice).get("/api/v1/social-accounts/" + aliceAccount).then().statusCode(200)
        .body("status", equalTo("ACTIVE"));
  }

  @Test
  void unknownAndMalformedIdsAreNotFound() {
    var owner = Api.signup();
    notFound(Api.as(owner).get("/api/v1/users/" + UUID.randomUUID()));
    notFound(Api.as(owner).get("/api/v1/social-accounts/not-a-uuid"));
  }

  private static void notFound(io.restassured.response.Response response) {
    response.then().statusCode(404).contentType("application/problem+json");
  }
}
