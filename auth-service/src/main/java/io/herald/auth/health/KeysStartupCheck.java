package io.herald.auth.health;

import io.herald.auth.client.ServiceClient;
import io.herald.auth.crypto.TokenCipher;
import io.herald.auth.jwt.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;
import org.flywaydb.core.Flyway;

/** Startup: the signing key, the encryption keys and the service client are loaded, and no migration is pending. */
@Startup
@ApplicationScoped
public class KeysStartupCheck implements HealthCheck {
  private final SigningKeys signingKeys;
  private final TokenCipher cipher;
  private final ServiceClient serviceClient;
  private final Flyway flyway;

  KeysStartupCheck(SigningKeys signingKeys, TokenCipher cipher, ServiceClient serviceClient, Flyway flyway) {
    this.signingKeys = signingKeys;
    this.cipher = cipher;
    this.serviceClient = serviceClient;
    this.flyway = flyway;
  }

  @Override
  public HealthCheckResponse call() {
    int pending = flyway.info().pending().length;
    var current = flyway.info().current();
    return HealthCheckResponse.named("keys-and-migrations").status(pending == 0)
        .withData("signingKeyId", signingKeys.keyId())
        .withData("encryptionKeyId", cipher.activeKeyId())
        .withData("serviceClientId", serviceClient.clientId())
        .withData("schemaVersion", current == null ? "none" : current.getVersion().getVersion())
        .withData("pendingMigrations", pending)
        .build();
  }
}
