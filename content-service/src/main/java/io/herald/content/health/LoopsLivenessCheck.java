package io.herald.content.health;

import io.herald.content.config.ContentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the process and its background loops are alive. Each loop beats after every round (also after a failed
 * one, e.g. while Redis is down); a loop whose last beat is older than {@code herald.content.liveness-bound} is stuck,
 * and only a restart helps. Never depends on Postgres or Redis being reachable.
 */
@Liveness
@ApplicationScoped
public class LoopsLivenessCheck implements HealthCheck {
  private final Heartbeats heartbeats;
  private final ContentConfig config;

  LoopsLivenessCheck(Heartbeats heartbeats, ContentConfig config) {
    this.heartbeats = heartbeats;
    this.config = config;
  }

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("background-loops").up();
    heartbeats.ages().forEach((loop, age) -> {
      builder.withData(loop, "last round " + age.toMillis() + " ms ago");
      if (age.compareTo(config.livenessBound()) > 0) {
        builder.down();
      }
    });
    return builder.build();
  }
}
