package io.herald.content.webhook;

import io.herald.common.crypto.LocalSecrets;
import io.herald.common.crypto.SecretCipher;
import io.herald.common.crypto.Secrets;
import io.quarkus.runtime.Startup;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Webhook signing secrets: made here, and sealed at rest with common's {@link SecretCipher} bound to their row, so
 * a sealed secret copied to another webhook does not open. The keys are {@code herald.crypto.*}; in dev and test
 * they are generated into {@code .herald/} ({@link LocalSecrets}), in prod a missing key fails the start.
 */
@Startup
@ApplicationScoped
public class WebhookSecrets {
  /** The keys sealing secrets at rest ({@code herald.crypto.*}, env {@code HERALD_CRYPTO_KEYS}, ..._ACTIVE_KEY). */
  @ConfigMapping(prefix = "herald.crypto")
  public interface Keys {
    /** AES-256 keys as {@code kid:base64(32 bytes)}, comma-separated; keys no longer active still open old values. */
    Optional<List<String>> keys();

    /** The key id new values are sealed with; defaults to the first of {@link #keys()}. */
    Optional<String> activeKey();
  }

  private final SecretCipher cipher;

  WebhookSecrets(Keys config, LocalSecrets local) {
    String keys = local.resolve(config.keys().map(list -> String.join(",", list)), "HERALD_CRYPTO_KEYS",
        "content-crypto-keys", () -> SecretCipher.generateKeyEntry("local-1"));
    this.cipher = SecretCipher.of(Arrays.asList(keys.split(",")), config.activeKey().orElse(null));
  }

  /** A fresh secret for a new webhook, shown to the tenant once. */
  public static String newSecret() {
    return "whsec_" + Secrets.randomToken(32);
  }

  /** The secret as stored in {@code webhooks.secret_enc} of the webhook {@code webhookId}. */
  public String seal(UUID webhookId, String secret) {
    return cipher.encrypt(secret, context(webhookId));
  }

  public String open(UUID webhookId, String sealed) {
    return cipher.decrypt(sealed, context(webhookId));
  }

  private static String context(UUID webhookId) {
    return "webhooks.secret_enc:" + webhookId;
  }
}
