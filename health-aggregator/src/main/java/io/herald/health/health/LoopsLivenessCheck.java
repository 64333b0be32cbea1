package io.herald.health.health;

import io.herald.health.config.HealthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the poll loop and the alert dispatcher are still turning. A loop whose last round is older than its
 * bound is stuck, and only a restart helps. No dependency is checked here: a Postgres outage must not restart the pod.
 */
@Liveness
@ApplicationScoped
public class LoopsLivenessCheck implements HealthCheck {
  private final LoopHeartbeats heartbeats;
  private final Clock clock;
  private final Duration pollBound;
  private final Duration alertBound;

  LoopsLivenessCheck(LoopHeartbeats heartbeats, Clock clock, HealthConfig config) {
    this.heartbeats = heartbeats;
    this.clock = clock;
    this.pollBound = config.effectiveLoopStaleAfter();
    this.alertBound = config.alertTick().multipliedBy(10).plus(config.timeout().multipliedBy(20));
  }

  @Override
  public HealthCheckResponse call() {
    Instant now = clock.instant();
    var builder = HealthCheckResponse.named("background-loops").up();
    boolean alive = true;
    alive &= report(builder, LoopHeartbeats.POLLER, pollBound, now);
    alive &= report(builder, LoopHeartbeats.ALERTS, alertBound, now);
    return builder.status(alive).build();
  }

  private boolean report(
      org.eclipse.microprofile.health.HealthCheckResponseBuilder builder, String loop, Duration bound, Instant now) {
    Duration age = Duration.between(heartbeats.last(loop), now);
    boolean fresh = age.compareTo(bound) <= 0;
    builder.withData(loop + ".lastRoundSecondsAgo", Math.max(0, age.toSeconds()));
    builder.withData(loop + ".boundSeconds", bound.toSeconds());
    builder.withData(loop + ".state", fresh ? "running" : "stuck");
    return fresh;
  }
}
