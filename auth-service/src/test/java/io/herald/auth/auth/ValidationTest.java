package io.herald.auth.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input is a clear 400/422 problem+json, never a 500, and writes nothing. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class ValidationTest {

  @Test
  void malformedJsonIs400() {
    given().contentType(ContentType.JSON).body("{\"tenantName\": \"x\", ").post("/api/v1/auth/signup")
        .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
        .body("type", equalTo("https://herald.dev/problems/malformed-request"));
  }

  @Test
  void missingFieldsAre422WithEachField() {
    given().contentType(ContentType.JSON).body("{}").post("/api/v1/auth/signup")
        .then().statusCode(422).contentType("application/problem+json")
        .body("errors.field", containsInAnyOrder("tenantName", "email", "password"));
    given().contentType(ContentType.JSON).post("/api/v1/auth/login")
        .then().statusCode(422).contentType("application/problem+json");
  }

  @Test
  void overlongStringsAre422() {
    String email = Api.uniqueEmail("long");
    given().contentType(ContentType.JSON)
        .body(Map.of("tenantName", "x".repeat(201), "email", email, "password", Api.PASSWORD))
        .post("/api/v1/auth/signup").then().statusCode(422).body("errors.field", hasItem("tenantName"));
    given().contentType(ContentType.JSON)
        .body(Map.of("tenantName", "T", "email", "a".repeat(250) + "@example.com", "password", Api.PASSWORD))
        .post("/api/v1/auth/signup").then().statusCode(422).body("errors.field", hasItem("email"));
    // Nothing was created.
    given().contentType(ContentType.JSON).header("X-Forwarded-For", Api.freshAddress())
        .body(Map.of("email", email, "password", Api.PASSWORD)).post("/api/v1/auth/login").then().statusCode(401);
  }

  @Test
  void wrongTypesAre400NamingTheField() {
    given().contentType(ContentType.JSON)
        .body("{\"tenantName\": [\"a\"], \"email\": \"x@example.com\", \"password\": \"" + Api.PASSWORD + "\"}")
        .post("/api/v1/auth/signup").then().statusCode(400).contentType("application/problem+json")
        .body("errors[0].field", equalTo("tenantName"));
    var owner = Api.signup();
    Api.as(owner).contentType(ContentType.JSON).body("{\"name\": \"x\", \"roles\": {\"a\": 1}}")
        .post("/api/v1/api-clients").then().statusCode(400).contentType("application/problem+json");
  }

  @Test
  void weakPasswordsAndBadEmailsAre422() {
    for (String weak : new String[] {"short1!", "aaaaaaaaaaaaaaaa", "MyPassword-2024-x", "ñ".repeat(40)}) {
      given().contentType(ContentType.JSON)
          .body(Map.of("tenantName", "T", "email", Api.uniqueEmail("weak"), "password", weak))
          .post("/api/v1/auth/signup").then().statusCode(422).contentType("application/problem+json")
          .body("errors[0].field", equalTo("password"));
    }
    given().contentType(ContentType.JSON)
        .body(Map.of("tenantName", "T", "email", "not-an-email", "password", Api.PASSWORD))
        .post("/api/v1/auth/signup").then().statusCode(422).body("errors.field", hasItem("email"));
  }

  @Test
  void unknownEnumValuesAndBadQueryParametersAreClientErrors() {
    var owner = Api.signup();
    Api.as(owner).contentType(ContentType.JSON).body("{\"platform\": \"MYSPACE\"}")
        .post("/api/v1/social-accounts/connect").then().statusCode(400).contentType("application/problem+json")
        .body("errors[0].field", equalTo("platform"));
    Api.as(owner).contentType(ContentType.JSON).body("{}")
        .post("/api/v1/social-accounts/connect").then().statusCode(422).body("errors[0].field", equalTo("platform"));
    Api.as(owner).contentType(ContentType.JSON).body(Map.of("email", Api.uniqueEmail("x"), "role", "GOD"))
        .post("/api/v1/users").then().statusCode(422).body("errors[0].field", equalTo("role"));
    Api.as(owner).get("/api/v1/audit-events?limit=0").then().statusCode(400).contentType("application/problem+json")
        .body("errors[0].field", equalTo("limit"));
    Api.as(owner).get("/api/v1/audit-events?type=NOPE").then().statusCode(400).body("errors[0].field", equalTo("type"));
    Api.as(owner).get("/api/v1/audit-events?limit=many").then().statusCode(400).contentType("application/problem+json");
    Api.as(owner).queryParam("limit", " ").get("/api/v1/audit-events").then().statusCode(400).contentType("application/problem+json")
        .body("errors[0].field", equalTo("limit"));
  }

  /** A field the body does not have is a 422 naming it (common's strict request bodies), never ignored. */
  @Test
  void unknownFieldsAre422NamingTheField() {
    given().contentType(ContentType.JSON)
        .body(Map.of("tenantName", "T", "email", Api.uniqueEmail("typo"), "password", Api.PASSWORD, "pasword", "x"))
        .post("/api/v1/auth/signup").then().statusCode(422).contentType("application/problem+json")
        .body("type", equalTo("https://herald.dev/problems/validation"))
        .body("errors[0].field", equalTo("pasword"));
    var owner = Api.signup();
    Api.as(owner).contentType(ContentType.JSON).body("{\"platform\": \"FACEBOOK\", \"retrunUrl\": \"https://a.example\"}")
        .post("/api/v1/social-accounts/connect").then().statusCode(422).contentType("application/problem+json")
        .body("errors[0].field", equalTo("retrunUrl"));
    Api.as(owner).contentType(ContentType.JSON).body(Map.of("email", Api.uniqueEmail("x"), "role", "EDITOR",
            "roles", "ADMIN"))
        .post("/api/v1/users").then().statusCode(422).body("errors[0].field", equalTo("roles"));
  }
}
