package io.herald.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.auth.config.AuthConfig;
import io.herald.common.crypto.LocalSecrets;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The RS256 key that signs access tokens, and the JWKS that publishes its public half together with any
 * additional (previous) public keys, so tokens signed before a rotation keep verifying until they expire.
 */
@Startup
@ApplicationScoped
public class SigningKeys {
  private final String keyId;
  private final PrivateKey privateKey;
  private final String jwks;

  SigningKeys(AuthConfig.Jwt config, LocalSecrets local, ObjectMapper json) {
    String pem = local.resolve(config.signingKey(), "HERALD_JWT_SIGNING_KEY", "jwt-signing-key.pem",
        SigningKeys::generatePem);
    this.keyId = config.keyId();
    RSAPrivateCrtKey key = parsePrivateKey(pem);
    this.privateKey = key;
    RSAPublicKey publicKey = publicOf(key);

    ObjectNode document = json.createObjectNode();
    ArrayNode keys = document.putArray("keys");
    keys.add(jwk(json, keyId, publicKey));
    config.additionalJwks().filter(s -> !s.isBlank()).ifPresent(extra -> {
      try {
        for (JsonNode k : json.readTree(extra).path("keys")) {
          if (!keyId.equals(k.path("kid").asText())) {
            keys.add(k);
          }
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException("HERALD_JWT_ADDITIONAL_JWKS is not a JWKS JSON document", e);
      }
    });
    this.jwks = document.toString();
    Log.infof("JWT signing key '%s' loaded; JWKS publishes %d key(s)", keyId, keys.size());
  }

  public String keyId() {
    return keyId;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The JWKS document ({@code {"keys":[...]}}) with public keys only. */
  public String jwks() {
    return jwks;
  }

  static String generatePem() {
    try {
      var generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
      return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
          + "\n-----END PRIVATE KEY-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAPrivateCrtKey parsePrivateKey(String pem) {
    if (pem.contains("BEGIN RSA PRIVATE KEY")) {
      throw new IllegalStateException(
          "HERALD_JWT_SIGNING_KEY is PKCS#1; convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
    }
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      var key = KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      if (!(key instanceof RSAPrivateCrtKey crt)) {
        throw new IllegalStateException("HERALD_JWT_SIGNING_KEY must be an RSA private key");
      }
      return crt;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("HERALD_JWT_SIGNING_KEY is not a PKCS#8 PEM RSA private key", e);
    }
  }

  private static RSAPublicKey publicOf(RSAPrivateCrtKey key) {
    try {
      return (RSAPublicKey) KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode jwk(ObjectMapper json, String kid, RSAPublicKey key) {
    return json.createObjectNode().put("kty", "RSA").put("use", "sig").put("alg", "RS256").put("kid", kid)
        .put("n", base64Url(key.getModulus())).put("e", base64Url(key.getPublicExponent()));
  }

  private static String base64Url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
