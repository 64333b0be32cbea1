package io.herald.auth.auth;

import static org.hamcrest.Matchers.equalTo;

import io.herald.auth.jwt.SigningKeys;
import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A protected endpoint refuses every token auth-service did not issue, or no longer honours, with 401 problem+json. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class JwtRejectionTest {
  /** The issuer: auth-service's public URL. */
  private static final String ISSUER = PlatformFake.PUBLIC_URL;

  @Inject
  SigningKeys keys;

  @Test
  void validTokenIsAccepted() {
    var owner = Api.signup();
    Api.as(forged(owner, ISSUER, Instant.now().plusSeconds(600), true)).get("/api/v1/me")
        .then().statusCode(200);
  }

  @Test
  void noTokenIs401() {
    RestAssured.given().get("/api/v1/me").then().statusCode(401).contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer");
  }

  @Test
  void algNoneIsRefused() {
    var owner = Api.signup();
    String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String payload = b64("{\"iss\":\"" + ISSUER + "\",\"aud\":\"herald-auth\",\"sub\":\"" + owner.userId() + "\",\"tid\":\"" + owner.tenantId()
        + "\",\"groups\":[\"OWNER\"],\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":"
        + Instant.now().plusSeconds(600).getEpochSecond() + "}");
    refused(header + "." + payload + ".");
  }

  @Test
  void anotherKeyIsRefused() throws Exception {
    var owner = Api.signup();
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String token = Jwt.issuer(ISSUER).audience("herald-auth").subject(owner.userId().toString())
        .claim("tid", owner.tenantId().toString()).groups(Set.of("OWNER"))
        .expiresAt(Instant.now().plusSeconds(600)).jws().keyId(keys.keyId())
        .sign(generator.generateKeyPair().getPrivate());
    refused(token);
  }

  @Test
  void anotherIssuerIsRefused() {
    var owner = Api.signup();
    refused(forged(owner, "someone-else", Instant.now().plusSeconds(600), true));
  }

  @Test
  void expiredTokenIsRefused() {
    var owner = Api.signup();
    refused(forged(owner, ISSUER, Instant.now().minusSeconds(60), true));
  }

  @Test
  void tamperedPayloadIsRefused() {
    var owner = Api.signup();
    String[] parts = owner.accessToken().split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("\"OWNER\"", "\"service\"");
    refused(parts[0] + "." + b64(payload) + "." + parts[2]);
  }

  @Test
  void aTokenForAnotherServiceOrForNoAudienceIsRefused() {
    var owner = Api.signup();
    refused(forged(owner, ISSUER, Set.of("herald-content"), Instant.now().plusSeconds(600)));
    refused(forged(owner, ISSUER, Set.of(), Instant.now().plusSeconds(600)));
    Api.as(forged(owner, ISSUER, Set.of("herald-content", "herald-auth"), Instant.now().plusSeconds(600)))
        .get("/api/v1/me").then().statusCode(200);
  }

  private String forged(Api.Session owner, String issuer, Instant expiresAt, boolean ourKey) {
    return forged(owner, issuer, Set.of("herald-auth"), expiresAt);
  }

  private String forged(Api.Session owner, String issuer, Set<String> audiences, Instant expiresAt) {
    var builder = Jwt.issuer(issuer);
    if (!audiences.isEmpty()) {
      builder.audience(audiences);
    }
    return builder.subject(owner.userId().toString()).claim("tid", owner.tenantId().toString())
        .groups(Set.of("OWNER")).issuedAt(expiresAt.minusSeconds(900)).expiresAt(expiresAt)
        .jws().keyId(keys.keyId()).sign(keys.privateKey());
  }

  private static void refused(String token) {
    Api.as(token).get("/api/v1/me").then().statusCode(401).contentType("application/problem+json")
        .body("status", equalTo(401));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
