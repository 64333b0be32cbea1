package io.herald.auth.health;

import io.herald.auth.client.ServiceClient;
import io.herald.auth.jwt.SigningKeys;
import io.herald.common.crypto.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Startup: the signing key, the encryption keys and the service client are loaded (each fails start-up when it
 * cannot be). That no migration is pending is common's {@code migrations} check.
 */
@Startup
@ApplicationScoped
public class KeysStartupCheck implements HealthCheck {
  private final SigningKeys signingKeys;
  private final SecretCipher cipher;
  private final ServiceClient serviceClient;

  KeysStartupCheck(SigningKeys signingKeys, SecretCipher cipher, ServiceClient serviceClient) {
    this.signingKeys = signingKeys;
    this.cipher = cipher;
    this.serviceClient = serviceClient;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("keys").up()
        .withData("signingKeyId", signingKeys.keyId())
        .withData("encryptionKeyId", cipher.activeKeyId())
        .withData("serviceClientId", serviceClient.clientId())
        .build();
  }
}
