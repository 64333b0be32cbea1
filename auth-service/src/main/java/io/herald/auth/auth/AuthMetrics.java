package io.herald.auth.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Domain counters of auth-service; tags have a handful of values each. */
@ApplicationScoped
public class AuthMetrics {
  private final MeterRegistry registry;

  AuthMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** outcome: success, failure, throttled. */
  public void login(String outcome) {
    Counter.builder("herald_auth_logins_total").description("Login attempts by outcome")
        .tag("outcome", outcome).register(registry).increment();
  }

  /** grant: password, signup, invitation, refresh_token, client_credentials; outcome: issued, refused. */
  public void tokenGrant(String grant, String outcome) {
    Counter.builder("herald_auth_token_grants_total").description("Token endpoint answers by grant and outcome")
        .tag("grant", grant).tag("outcome", outcome).register(registry).increment();
  }

  /** platform: FACEBOOK, TIKTOK; outcome: refreshed, needs_reauth, error. */
  public void platformRefresh(String platform, String outcome) {
    Counter.builder("herald_auth_token_refreshes_total").description("Platform token refreshes by outcome")
        .tag("platform", platform).tag("outcome", outcome).register(registry).increment();
  }

  /** outcome: connected, denied, failed. */
  public void connect(String platform, String outcome) {
    Counter.builder("herald_auth_account_connects_total").description("Social account connect attempts by outcome")
        .tag("platform", platform).tag("outcome", outcome).register(registry).increment();
  }
}
