package io.herald.auth.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for platform tokens at rest: a random 96-bit nonce per value, stored as
 * {@code kid:base64(nonce || ciphertext+tag)}. The associated data binds a value to where it is stored, so a
 * ciphertext copied to another row or column does not decrypt. Values under any configured key id decrypt;
 * new values use the active key.
 */
public final class TokenCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final Map<String, SecretKey> keys;
  private final String activeKeyId;

  public TokenCipher(Map<String, SecretKey> keys, String activeKeyId) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("At least one encryption key is needed");
    }
    if (!keys.containsKey(activeKeyId)) {
      throw new IllegalArgumentException("The active key id '" + activeKeyId + "' is not among the configured keys");
    }
    this.keys = Map.copyOf(keys);
    this.activeKeyId = activeKeyId;
  }

  /** Parses {@code kid:base64} entries (32-byte keys). */
  public static Map<String, SecretKey> parseKeys(List<String> entries) {
    var keys = new LinkedHashMap<String, SecretKey>();
    for (String entry : entries) {
      int colon = entry.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("An encryption key must look like kid:base64 (key id withheld)");
      }
      byte[] raw = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
      if (raw.length != 32) {
        throw new IllegalArgumentException(
            "Encryption key '" + entry.substring(0, colon) + "' must be 32 bytes (AES-256), got " + raw.length);
      }
      keys.put(entry.substring(0, colon).strip(), new SecretKeySpec(raw, "AES"));
    }
    return keys;
  }

  public static String generateKeyEntry(String keyId) {
    return keyId + ":" + Base64.getEncoder().encodeToString(Secrets.randomBytes(32));
  }

  public String activeKeyId() {
    return activeKeyId;
  }

  public String encrypt(String plaintext, String context) {
    if (plaintext == null) {
      return null;
    }
    try {
      byte[] nonce = Secrets.randomBytes(NONCE_BYTES);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Encryption failed", e);
    }
  }

  public String decrypt(String stored, String context) {
    if (stored == null) {
      return null;
    }
    int colon = stored.indexOf(':');
    if (colon <= 0) {
      throw new IllegalStateException("A stored token is not in kid:base64 form");
    }
    SecretKey key = keys.get(stored.substring(0, colon));
    if (key == null) {
      throw new IllegalStateException("A stored token uses key id '" + stored.substring(0, colon)
          + "', which is no longer configured in HERALD_CRYPTO_KEYS");
    }
    try {
      byte[] in = Base64.getDecoder().decode(stored.substring(colon + 1));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("A stored token could not be decrypted (wrong key or tampered value)", e);
    }
  }
}
