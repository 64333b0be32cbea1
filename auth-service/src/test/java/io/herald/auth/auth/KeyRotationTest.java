package io.herald.auth.auth;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.common.security.Roles;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** During a key rotation the previous public key stays published and its tokens stay valid until they expire. */
@QuarkusTest
@TestProfile(KeyRotationTest.PreviousKeyPublished.class)
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class KeyRotationTest {

  public static class PreviousKeyPublished implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // TestJwt stands for tokens signed before the rotation: same issuer, audiences of auth-service's tokens.
      return Map.of("herald.jwt.additional-jwks", TestJwt.jwks(), "herald.jwt.issuer", TestJwt.ISSUER);
    }
  }

  @Test
  void bothKeysArePublishedAndAccepted() {
    var owner = Api.signup();
    String currentKid = Api.header(owner.accessToken()).get("kid").asText();
    RestAssured.given().get("/.well-known/jwks.json").then().statusCode(200)
        .body("keys.kid", hasItems(currentKid, TestJwt.KEY_ID));

    Api.as(owner).get("/api/v1/me").then().statusCode(200);
    // A token signed by the previous key is authenticated (the user is unknown here, hence 404, not 401).
    Api.as(TestJwt.token(UUID.randomUUID(), Roles.OWNER)).get("/api/v1/me").then().statusCode(404);
    // A key that is not published is still refused.
    Api.as(TestJwt.tokenSignedByAnotherKey(UUID.randomUUID(), Roles.OWNER)).get("/api/v1/me").then().statusCode(401);
    RestAssured.given().get("/.well-known/jwks.json").then().body("keys.alg", hasItem("RS256"));
  }
}
