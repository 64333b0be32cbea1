package io.herald.publisher.health;

import io.herald.common.stream.Platform;
import io.herald.publisher.metrics.PublisherMetrics;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness data about what this worker can live without: per-stream lag and pending, delayed and dead counts (as
 * last sampled), and each platform's breaker state. Always UP: an open breaker or a backlog must not take the pod
 * out of service; Redis and the database have their own readiness checks.
 */
@Readiness
@ApplicationScoped
public class QueuesHealthCheck implements HealthCheck {
  private final PublisherMetrics metrics;
  private final CircuitBreakerMaintenance breakers;

  QueuesHealthCheck(PublisherMetrics metrics, CircuitBreakerMaintenance breakers) {
    this.metrics = metrics;
    this.breakers = breakers;
  }

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("publisher-queues").up();
    metrics.lastStreamStats().forEach((stream, stats) -> {
      builder.withData(stream + ".lag", stats.lag());
      builder.withData(stream + ".pending", stats.pending());
    });
    builder.withData("delayed", metrics.delayed());
    builder.withData("dead", metrics.dead());
    builder.withData("inFlight", metrics.inFlight());
    for (Platform platform : Platform.values()) {
      String name = PublisherMetrics.breakerName(platform);
      builder.withData(name, breakers.currentState(name).name());
    }
    return builder.build();
  }
}
