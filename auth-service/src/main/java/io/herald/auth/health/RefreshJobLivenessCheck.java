package io.herald.auth.health;

import io.herald.auth.config.AuthConfig;
import io.herald.auth.social.TokenRefreshJob;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Liveness: the token refresh loop has shown a heartbeat recently (never a dependency's state). */
@Liveness
@ApplicationScoped
public class RefreshJobLivenessCheck implements HealthCheck {
  private final TokenRefreshJob job;
  private final Duration bound;

  RefreshJobLivenessCheck(TokenRefreshJob job, AuthConfig config) {
    this.job = job;
    this.bound = config.tiktok().refreshEvery().multipliedBy(3).plusMinutes(1);
  }

  @Override
  public HealthCheckResponse call() {
    Instant last = job.lastHeartbeat();
    boolean alive = last.isAfter(Instant.now().minus(bound));
    return HealthCheckResponse.named("token-refresh-loop").status(alive)
        .withData("lastHeartbeat", last.toString()).withData("maxSilence", bound.toString()).build();
  }
}
