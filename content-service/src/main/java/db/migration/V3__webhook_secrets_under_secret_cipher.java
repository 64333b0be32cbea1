package db.migration;

import io.herald.common.crypto.LocalSecrets;
import io.herald.content.config.ContentConfig;
import io.herald.content.webhook.WebhookSecrets;
import io.quarkus.arc.Arc;
import io.quarkus.logging.Log;
import io.smallrye.config.SmallRyeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Re-seals every webhook secret once, in Flyway's transaction (all or none): from the single key
 * {@code herald.content.webhooks.secret-key} (AES-GCM, {@code v1:base64(iv || ciphertext)}) to {@link WebhookSecrets}
 * (common's SecretCipher under {@code herald.crypto.keys}, bound to the row). Before this version every row has the
 * old form and after it none, so no row's form is guessed; the old key is needed for this upgrade only. A secret the
 * old key does not open fails the migration in prod; in dev and test, where the old key was generated into
 * {@code .herald/} and perhaps generated again since, such a row stays as it was (it could not be delivered before).
 */
public class V3__webhook_secrets_under_secret_cipher extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws Exception {
    var config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
    LocalSecrets.Config local = config.getConfigMapping(LocalSecrets.Config.class);
    SecretKeySpec oldKey = null;
    WebhookSecrets secrets = null;
    int resealed = 0;
    int unreadable = 0;
    // Flyway's own connection: this runs before Hibernate ORM starts.
    var connection = context.getConnection();
    try (var select = connection.prepareStatement("select id, secret_enc from webhooks");
        ResultSet rows = select.executeQuery();
        var update = connection.prepareStatement("update webhooks set secret_enc = ? where id = ?")) {
      while (rows.next()) {
        if (secrets == null) {
          oldKey = oldKey(config.getConfigMapping(ContentConfig.class), local);
          secrets = Arc.container().instance(WebhookSecrets.class).get();
        }
        UUID id = rows.getObject("id", UUID.class);
        String secret = oldKey == null ? null : open(oldKey, rows.getString("secret_enc"));
        if (secret == null && !local.generate()) {
          throw new IllegalStateException("The secret of webhook " + id + " does not open with "
              + "HERALD_CONTENT_WEBHOOKS_SECRET_KEY; set the key the secrets were sealed with");
        } else if (secret == null) {
          unreadable++;
          continue;
        }
        update.setString(1, secrets.seal(id, secret));
        update.setObject(2, id);
        update.executeUpdate();
        resealed++;
      }
    }
    Log.infof("Re-sealed %d webhook secrets under herald.crypto.keys (%d unreadable left as they were)", resealed,
        unreadable);
  }

  /** The old key: configured, else (dev/test) the one once generated into the local secrets directory, else none. */
  private static SecretKeySpec oldKey(ContentConfig config, LocalSecrets.Config local) throws Exception {
    var configured = config.webhooks().secretKey().filter(key -> !key.isBlank());
    if (configured.isEmpty() && !local.generate()) {
      throw new IllegalStateException("HERALD_CONTENT_WEBHOOKS_SECRET_KEY is not set; it is needed once, to re-seal"
          + " the stored webhook secrets under HERALD_CRYPTO_KEYS");
    }
    Path file = local.dir().resolve("content-webhook-secret.key");
    String key = configured.orElse(Files.exists(file) ? Files.readString(file) : null);
    return key == null ? null : new SecretKeySpec(Base64.getDecoder().decode(key.strip()), "AES");
  }

  /** The plaintext of an old-form value, or null when the key does not open it. */
  private static String open(SecretKeySpec key, String stored) {
    try {
      byte[] raw = Base64.getDecoder().decode(stored.substring("v1:".length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, raw, 0, 12));
      return new String(cipher.doFinal(raw, 12, raw.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }
}
