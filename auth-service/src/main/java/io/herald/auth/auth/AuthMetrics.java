package io.herald.auth.auth;

import io.herald.common.metrics.CounterFamily;
import io.herald.common.stream.Platform;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;

/**
 * Domain counters of auth-service (docs/metrics.md), registered at start with every tag value they take, so every
 * series exists at zero before its first event.
 */
@Startup
@ApplicationScoped
public class AuthMetrics {
  private final CounterFamily logins;
  private final CounterFamily tokenGrants;
  private final CounterFamily platformRefreshes;
  private final CounterFamily connects;

  AuthMetrics(MeterRegistry registry) {
    logins = CounterFamily.builder("herald_auth_logins_total", "Password logins by outcome")
        .tag("outcome", "success", "failure", "throttled").register(registry);
    tokenGrants = CounterFamily.builder("herald_auth_token_grants_total", "Token endpoint answers by grant and outcome")
        .tag("grant", "password", "signup", "invitation", "refresh_token", "client_credentials", "unsupported")
        .tag("outcome", "issued", "refused").register(registry);
    // Only TikTok's tokens are refreshed: a Facebook Page token from a long-lived user token does not expire.
    platformRefreshes = CounterFamily.builder("herald_auth_token_refreshes_total",
            "Platform token refreshes by platform and outcome")
        .tag("platform", Platform.TIKTOK.name())
        .tag("outcome", "refreshed", "needs_reauth", "error").register(registry);
    connects = CounterFamily.builder("herald_auth_account_connects_total",
            "Social account connections by platform and outcome")
        .tag("platform", Arrays.stream(Platform.values()).map(Platform::name).toList())
        .tag("outcome", "connected", "denied", "failed", "refused", "cancelled").register(registry);
  }

  /** outcome: success, failure, throttled. */
  public void login(String outcome) {
    logins.increment(outcome);
  }

  /** grant: password, signup, invitation, refresh_token, client_credentials, unsupported; outcome: issued, refused. */
  public void tokenGrant(String grant, String outcome) {
    tokenGrants.increment(grant, outcome);
  }

  /** platform: TIKTOK; outcome: refreshed, needs_reauth, error. */
  public void platformRefresh(String platform, String outcome) {
    platformRefreshes.increment(platform, outcome);
  }

  /**
   * outcome: connected; denied (by the user at the platform); failed (the code exchange or the platform failed);
   * refused (the browser's binding did not match); cancelled (the user declined on Herald's confirmation page).
   */
  public void connect(String platform, String outcome) {
    connects.increment(platform, outcome);
  }
}
