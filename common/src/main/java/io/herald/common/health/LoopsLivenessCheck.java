package io.herald.common.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the process and its own background loops are alive. DOWN only when a loop registered with
 * {@link Heartbeats} has been silent past its bound, which only a restart mends. Never looks at Postgres, Redis or
 * the platforms: an outage of a dependency must not restart pods.
 */
@Liveness
@ApplicationScoped
public class LoopsLivenessCheck implements HealthCheck {
  private final Heartbeats heartbeats;

  LoopsLivenessCheck(Heartbeats heartbeats) {
    this.heartbeats = heartbeats;
  }

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("background-loops");
    boolean alive = true;
    var now = heartbeats.now();
    for (var entry : heartbeats.loops().entrySet()) {
      Duration silent = Duration.between(entry.getValue().lastBeat(), now);
      boolean stuck = silent.compareTo(entry.getValue().stuckAfter()) > 0;
      alive &= !stuck;
      builder.withData(entry.getKey(), (stuck ? "stuck: " : "running: ") + "last round "
          + Math.max(0, silent.toMillis()) + " ms ago (bound " + entry.getValue().stuckAfter().toMillis() + " ms)");
    }
    return builder.status(alive).build();
  }
}
