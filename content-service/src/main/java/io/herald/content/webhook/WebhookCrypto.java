package io.herald.content.webhook;

import io.herald.content.config.ContentConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts webhook secrets at rest (AES-256-GCM) with {@code herald.content.webhooks.secret-key}. Outside prod, when
 * the key is not configured, one is generated once into the git-ignored {@code .herald/} directory.
 */
@ApplicationScoped
public class WebhookCrypto {
  static final Path DEV_KEY_FILE = Path.of(".herald", "content-webhook-secret.key");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  WebhookCrypto(ContentConfig config) {
    this.key = new SecretKeySpec(loadKey(config), "AES");
  }

  /** Loads (or, outside prod, creates) the key at startup, so a missing prod key fails the start, not a request. */
  void onStart(@Observes StartupEvent event) {
    Log.debug("Webhook secret key loaded");
  }

  public boolean ready() {
    return key != null;
  }

  public String encrypt(String plaintext) {
    try {
      byte[] iv = new byte[12];
      RANDOM.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return "v1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot encrypt a webhook secret", e);
    }
  }

  public String decrypt(String stored) {
    try {
      byte[] raw = Base64.getDecoder().decode(stored.substring("v1:".length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, raw, 0, 12));
      return new String(cipher.doFinal(raw, 12, raw.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("Cannot decrypt a webhook secret (wrong herald.content.webhooks.secret-key?)", e);
    }
  }

  /** A fresh secret for a new webhook, shown to the tenant once. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] loadKey(ContentConfig config) {
    if (config.webhooks().secretKey().isPresent() && !config.webhooks().secretKey().get().isBlank()) {
      return checked(Base64.getDecoder().decode(config.webhooks().secretKey().get().trim()));
    }
    if (LaunchMode.current() == LaunchMode.NORMAL) {
      throw new IllegalStateException("Set HERALD_CONTENT_WEBHOOKS_SECRET_KEY (base64 of 32 random bytes)");
    }
    try {
      if (Files.exists(DEV_KEY_FILE)) {
        return checked(Base64.getDecoder().decode(Files.readString(DEV_KEY_FILE).trim()));
      }
      byte[] generated = new byte[32];
      RANDOM.nextBytes(generated);
      Files.createDirectories(DEV_KEY_FILE.getParent());
      Files.writeString(DEV_KEY_FILE, Base64.getEncoder().encodeToString(generated));
      Log.infof("Generated a development webhook secret key in %s", DEV_KEY_FILE.toAbsolutePath());
      return generated;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] checked(byte[] key) {
    if (key.length != 32) {
      throw new IllegalStateException("herald.content.webhooks.secret-key must be base64 of 32 bytes");
    }
    return key;
  }
}
