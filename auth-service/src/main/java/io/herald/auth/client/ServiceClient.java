package io.herald.auth.client;

import io.herald.auth.config.AuthConfig;
import io.herald.common.crypto.LocalSecrets;
import io.herald.common.crypto.Secrets;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** Herald's own services' client (role {@code service}); configured, never created by tenants. */
@Startup
@ApplicationScoped
public class ServiceClient {
  private final String clientId;
  private final String secret;

  ServiceClient(AuthConfig config, LocalSecrets local) {
    this.clientId = config.serviceClientId();
    this.secret = local.resolve(config.serviceClientSecret(), "HERALD_SERVICE_CLIENT_SECRET", "service-client-secret",
        () -> Secrets.randomToken(32));
  }

  public String clientId() {
    return clientId;
  }

  /** The secret, for dev tooling and tests on the same JVM; never logged or answered. */
  public String secret() {
    return secret;
  }

  public boolean authenticates(String id, String presentedSecret) {
    return clientId.equals(id) && Secrets.constantTimeEquals(secret, presentedSecret);
  }
}
