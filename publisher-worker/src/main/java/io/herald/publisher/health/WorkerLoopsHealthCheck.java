package io.herald.publisher.health;

import io.herald.publisher.config.PublisherConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: every background loop (consumers, delayed mover, claimer, sampler) reported within the bound. Loops keep
 * reporting while Redis or the database is away, so a missing dependency never fails liveness; a stuck loop does.
 */
@Liveness
@ApplicationScoped
public class WorkerLoopsHealthCheck implements HealthCheck {
  private final Heartbeats heartbeats;
  private final PublisherConfig config;

  WorkerLoopsHealthCheck(Heartbeats heartbeats, PublisherConfig config) {
    this.heartbeats = heartbeats;
    this.config = config;
  }

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("publisher-loops");
    boolean up = true;
    Instant now = Instant.now();
    for (var beat : heartbeats.snapshot().entrySet()) {
      Duration age = Duration.between(beat.getValue(), now);
      boolean stuck = age.compareTo(config.liveness().stuckAfter()) > 0;
      up &= !stuck;
      builder.withData(beat.getKey(), stuck ? "stuck for " + age.toSeconds() + "s" : "alive");
    }
    return builder.status(up).build();
  }
}
