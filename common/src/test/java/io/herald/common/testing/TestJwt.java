package io.herald.common.testing;

import io.herald.common.security.TenantContext;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * Issues RS256 tokens shaped like auth-service's (RFC 9068: {@code typ at+jwt}, {@code kid}, issuer {@link #ISSUER}
 * (a URL, as auth-service's public URL is), {@code aud} naming every resource service, {@code sub}, {@code tid},
 * {@code groups}) for testing services that verify them, and publishes the matching JWKS as a file.
 */
public final class TestJwt {
  public static final String ISSUER = "https://auth.herald.test";
  /** What auth-service puts in {@code aud}: each resource service checks that its own name is there. */
  public static final Set<String> AUDIENCES = Set.of("herald-auth", "herald-content", "herald-publisher",
      "herald-health");
  public static final String KEY_ID = "test-key-1";

  private static final KeyPair KEYS = generate();
  private static final KeyPair OTHER_KEYS = generate();
  private static Path jwksFile;

  private TestJwt() {}

  /** A token for a user of the given tenant with the given roles. */
  public static String token(UUID tenantId, String... roles) {
    return token(tenantId, UUID.randomUUID().toString(), Duration.ofMinutes(15), roles);
  }

  public static String token(UUID tenantId, String subject, Duration lifetime, String... roles) {
    return sign(tenantId, subject, lifetime, KEYS.getPrivate(), ISSUER, roles);
  }

  /** A token signed by a key the JWKS does not publish, to prove it is refused. */
  public static String tokenSignedByAnotherKey(UUID tenantId, String... roles) {
    return sign(tenantId, UUID.randomUUID().toString(), Duration.ofMinutes(15), OTHER_KEYS.getPrivate(), ISSUER, roles);
  }

  /** A token for Herald's own services ({@code groups=[service]}, no tenant). */
  public static String serviceToken() {
    return Jwt.issuer(ISSUER).audience(AUDIENCES).subject("herald-service").groups(Set.of("service"))
        .claim("client_id", "herald-services").expiresIn(Duration.ofMinutes(15)).jws().keyId(KEY_ID)
        .header("typ", "at+jwt").sign(KEYS.getPrivate());
  }

  /**
   * A file holding the JWKS with the signing key's public half; point {@code mp.jwt.verify.publickey.location} at
   * it.
   */
  public static synchronized Path jwksFile() {
    if (jwksFile == null) {
      try {
        jwksFile = Files.createTempFile("herald-test-jwks", ".json");
        Files.writeString(jwksFile, jwks());
        jwksFile.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return jwksFile;
  }

  public static String jwks() {
    var key = (RSAPublicKey) KEYS.getPublic();
    return """
        {"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"%s"}]}"""
        .formatted(KEY_ID, base64Url(key.getModulus()), base64Url(key.getPublicExponent()));
  }

  private static String sign(
      UUID tenantId, String subject, Duration lifetime, PrivateKey key, String issuer, String... roles) {
    return Jwt.issuer(issuer).audience(AUDIENCES).subject(subject)
        .claim(TenantContext.TENANT_CLAIM, tenantId.toString()).claim("client_id", "herald-login")
        .groups(Set.of(roles)).expiresIn(lifetime).jws().keyId(KEY_ID).header("typ", "at+jwt").sign(key);
  }

  private static String base64Url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static KeyPair generate() {
    try {
      var generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
