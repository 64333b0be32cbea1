package io.herald.content.health;

import io.herald.common.stream.GroupStats;
import io.herald.content.metrics.ContentMetrics;
import io.herald.content.result.ResultConsumer;
import io.herald.content.schedule.Outbox;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness data on the hand-off to and from publisher-worker: the outbox backlog, the results stream's pending
 * count and lag, and the auth-service breaker. Always UP: posts are still accepted while jobs wait and cached account
 * look-ups keep working. Whether Redis and Postgres are there is for their extensions' checks to say.
 */
@Readiness
@ApplicationScoped
public class HandOffHealthCheck implements HealthCheck {
  private final Outbox outbox;
  private final ResultConsumer results;
  private final ContentMetrics metrics;
  private final CircuitBreakerMaintenance breakers;

  HandOffHealthCheck(Outbox outbox, ResultConsumer results, ContentMetrics metrics,
      CircuitBreakerMaintenance breakers) {
    this.outbox = outbox;
    this.results = results;
    this.metrics = metrics;
    this.breakers = breakers;
  }

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("hand-off").up().withData("outboxBacklog", outboxBacklog());
    try {
      builder.withData("authServiceBreaker", breakers.currentState("auth-service-accounts").name());
    } catch (RuntimeException ignored) {
      // the breaker is made on the first look-up
    }
    try {
      GroupStats stats = results.stats();
      builder.withData("resultsPending", stats.pending()).withData("resultsLag", stats.lag());
    } catch (RuntimeException e) {
      builder.withData("resultsPending", "unknown (" + e.getClass().getSimpleName() + ")");
    }
    return builder.build();
  }

  /** Counted now (a relay round may be slow while Redis is away); the relay's last count if Postgres is away too. */
  private long outboxBacklog() {
    try {
      return outbox.backlog();
    } catch (RuntimeException e) {
      return metrics.outboxBacklog();
    }
  }
}
