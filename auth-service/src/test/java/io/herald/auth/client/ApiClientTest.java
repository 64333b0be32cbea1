package io.herald.auth.client;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class ApiClientTest {
  @Inject
  DataSource db;

  @Test
  void aClientSecretIsShownOnceAndBuysTenantScopedTokens() throws Exception {
    var owner = Api.signup();
    var created = Api.as(owner).contentType(ContentType.JSON)
        .body(Map.of("name", "Newsroom CMS", "roles", List.of("EDITOR")))
        .post("/api/v1/api-clients").then().statusCode(201)
        .body("clientId", notNullValue()).body("clientSecret", notNullValue()).body("roles", equalTo(List.of("EDITOR")))
        .extract().jsonPath();
    String id = created.getString("id");
    String clientId = created.getString("clientId");
    String secret = created.getString("clientSecret");

    Api.as(owner).get("/api/v1/api-clients/" + id).then().statusCode(200).body("clientSecret", nullValue());
    Api.as(owner).get("/api/v1/api-clients").then().body("[0].clientSecret", nullValue());
    try (var c = db.getConnection();
        var s = c.prepareStatement("SELECT secret_hash FROM api_clients WHERE id = ?::uuid")) {
      s.setString(1, id);
      var r = s.executeQuery();
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isNotEqualTo(secret).doesNotContain(secret);
    }

    String token = given().contentType("application/x-www-form-urlencoded")
        .formParam("grant_type", "client_credentials").formParam("client_id", clientId)
        .formParam("client_secret", secret)
        .post("/oauth2/token").then().statusCode(200).body("refresh_token", nullValue()).extract().path("access_token");
    var claims = Api.claims(token);
    assertThat(claims.get("tid").asText()).isEqualTo(owner.tenantId().toString());
    assertThat(claims.get("groups").get(0).asText()).isEqualTo("EDITOR");
    assertThat(claims.get("sub").asText()).isEqualTo(id);
    Api.as(token).get("/api/v1/social-accounts").then().statusCode(200);
    Api.as(token).get("/api/v1/users").then().statusCode(403);

    Api.as(owner).delete("/api/v1/api-clients/" + id).then().statusCode(204);
    given().contentType("application/x-www-form-urlencoded")
        .formParam("grant_type", "client_credentials").formParam("client_id", clientId)
        .formParam("client_secret", secret)
        .post("/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
  }

  @Test
  void tenantsCannotCreateServiceOrOwnerClients() {
    var owner = Api.signup();
    for (String role : List.of("service", "OWNER")) {
      Api.as(owner).contentType(ContentType.JSON).body(Map.of("name", "Sneaky", "roles", List.of(role)))
          .post("/api/v1/api-clients").then().statusCode(422).contentType("application/problem+json");
    }
    var admin = Api.member(owner, "ADMIN");
    Api.as(admin).contentType(ContentType.JSON).body(Map.of("name", "Admin bot", "roles", List.of("ADMIN")))
        .post("/api/v1/api-clients").then().statusCode(403);
  }
}
