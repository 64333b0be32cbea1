package io.herald.common.crypto;

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
 * AES-256-GCM for secrets at rest (platform tokens, webhook secrets): a random 96-bit nonce per value, stored as
 * {@code kid:base64(nonce || ciphertext+tag)}. The associated data binds a value to where it is stored (table,
 * column and row id), so a ciphertext copied to another row or column does not decrypt. Values under any configured
 * key id decrypt; new values use the active key, so keys rotate by adding a new one, making it active, and
 * re-encrypting at leisure ({@link #needsRotation}).
 */
public final class SecretCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final Map<String, SecretKey> keys;
  private final String activeKeyId;

  public SecretCipher(Map<String, SecretKey> keys, String activeKeyId) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("At least one encryption key is needed");
    }
    if (!keys.containsKey(activeKeyId)) {
      throw new IllegalArgumentException("The active key id '" + activeKeyId + "' is not among the configured keys");
    }
    this.keys = Map.copyOf(keys);
    this.activeKeyId = activeKeyId;
  }

  /** A cipher from {@code kid:base64} entries (32-byte keys) and the active key id (default: the first). */
  public static SecretCipher of(List<String> entries, String activeKeyId) {
    Map<String, SecretKey> keys = parseKeys(entries);
    return new SecretCipher(keys, activeKeyId != null ? activeKeyId : keys.keySet().iterator().next());
  }

  /** Parses {@code kid:base64} entries (32-byte keys); error messages never show a key. */
  public static Map<String, SecretKey> parseKeys(List<String> entries) {
    var keys = new LinkedHashMap<String, SecretKey>();
    for (String entry : entries) {
      int colon = entry.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("An encryption key must look like kid:base64 (key withheld)");
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Encryption key '" + entry.substring(0, colon) + "' is not base64");
      }
      if (raw.length != 32) {
        throw new IllegalArgumentException(
            "Encryption key '" + entry.substring(0, colon) + "' must be 32 bytes (AES-256), got " + raw.length);
      }
      keys.put(entry.substring(0, colon).strip(), new SecretKeySpec(raw, "AES"));
    }
    return keys;
  }

  /** A new {@code kid:base64} key entry (for local secrets and operators' tooling). */
  public static String generateKeyEntry(String keyId) {
    return keyId + ":" + Base64.getEncoder().encodeToString(Secrets.randomBytes(32));
  }

  public String activeKeyId() {
    return activeKeyId;
  }

  /** Encrypts under the active key, bound to {@code context} (e.g. {@code "webhooks.secret:<id>"}). */
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
      throw new IllegalStateException("A stored secret is not in kid:base64 form");
    }
    SecretKey key = keys.get(stored.substring(0, colon));
    if (key == null) {
      throw new IllegalStateException("A stored secret uses key id '" + stored.substring(0, colon)
          + "', which is no longer configured");
    }
    try {
      byte[] in = Base64.getDecoder().decode(stored.substring(colon + 1));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("A stored secret could not be decrypted (wrong key or tampered value)", e);
    }
  }

  /** Whether a stored value was sealed under another key than the active one (to re-encrypt on rotation). */
  public boolean needsRotation(String stored) {
    return stored != null && !stored.startsWith(activeKeyId + ":");
  }
}
