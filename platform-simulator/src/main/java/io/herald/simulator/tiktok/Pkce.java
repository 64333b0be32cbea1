package io.herald.simulator.tiktok;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * PKCE S256 verification. RFC 7636 encodes the SHA-256 of the verifier in base64url; TikTok reportedly expects it
 * hex-encoded, so both encodings of the same digest are accepted.
 */
public final class Pkce {
  private Pkce() {}

  public static boolean matches(String challenge, String verifier) {
    if (challenge == null || verifier == null || verifier.isEmpty()) {
      return false;
    }
    byte[] digest = sha256(verifier);
    String base64url = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    String hex = HexFormat.of().formatHex(digest);
    return challenge.equals(base64url) || challenge.equalsIgnoreCase(hex);
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
