package io.herald.auth.jwt;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.auth.client.ServiceClient;
import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.auth.support.ServiceTokens;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Access tokens are RFC 9068 shaped (issuer = auth-service's public URL, an {@code aud} per resource service), and
 * verify under the configuration each resource service uses (its issuer and audience, the JWKS) and under no other.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class AccessTokenShapeTest {
  @Inject
  ServiceClient serviceClient;

  @Test
  void userClientAndServiceTokensCarryTheRfc9068Claims() {
    var owner = Api.signup();
    var header = Api.header(owner.accessToken());
    assertThat(header.get("typ").asText()).isEqualTo("at+jwt");
    assertThat(header.get("alg").asText()).isEqualTo("RS256");
    var claims = Api.claims(owner.accessToken());
    assertThat(claims.get("iss").asText()).isEqualTo(PlatformFake.PUBLIC_URL);
    assertThat(claims.get("sub").asText()).isEqualTo(owner.userId().toString());
    assertThat(claims.get("client_id").asText()).isEqualTo("herald-login");
    assertThat(claims.get("jti").asText()).isNotBlank();
    assertThat(claims.get("iat").asLong()).isPositive();
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
    assertThat(claims.get("aud").toString())
        .contains("herald-auth", "herald-content", "herald-publisher", "herald-health");

    var created = Api.as(owner).contentType(ContentType.JSON).body(Map.of("name", "CMS", "roles", List.of("VIEWER")))
        .post("/api/v1/api-clients").then().statusCode(201).extract();
    String clientToken = ServiceTokens.obtain(created.path("clientId"), created.path("clientSecret"));
    assertThat(Api.claims(clientToken).get("client_id").asText()).isEqualTo(created.<String>path("clientId"));
    assertThat(Api.claims(clientToken).get("tid").asText()).isEqualTo(owner.tenantId().toString());

    String serviceToken = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    assertThat(Api.claims(serviceToken).get("client_id").asText()).isEqualTo(serviceClient.clientId());
    assertThat(Api.claims(serviceToken).has("tid")).isFalse();
  }

  @Test
  void eachServiceVerificationAcceptsThemAndAVerifierOfAnotherAudienceOrIssuerRefusesThem() throws Exception {
    var owner = Api.signup();
    String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
    // What content-service, publisher-worker and health-aggregator configure: mp.jwt.verify.issuer = the public URL,
    // mp.jwt.verify.audiences = their own name.
    for (String audience : List.of("herald-content", "herald-publisher", "herald-health")) {
      var jwt = new DefaultJWTParser(verifier(jwks, PlatformFake.PUBLIC_URL, audience)).parse(owner.accessToken());
      assertThat(jwt.getGroups()).containsExactly("OWNER");
      assertThat(jwt.<Object>getClaim("tid").toString()).contains(owner.tenantId().toString());
      assertThat(jwt.getSubject()).isEqualTo(owner.userId().toString());
    }
    assertThatThrownBy(() -> new DefaultJWTParser(verifier(jwks, PlatformFake.PUBLIC_URL, "herald-billing"))
        .parse(owner.accessToken())).isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> new DefaultJWTParser(verifier(jwks, "herald-auth", "herald-content"))
        .parse(owner.accessToken())).isInstanceOf(ParseException.class);
  }

  private static JWTAuthContextInfo verifier(String jwks, String issuer, String audience) {
    var info = new JWTAuthContextInfo();
    info.setPublicKeyContent(jwks);
    info.setIssuedBy(issuer);
    info.setExpectedAudience(java.util.Set.of(audience));
    return info;
  }
}
