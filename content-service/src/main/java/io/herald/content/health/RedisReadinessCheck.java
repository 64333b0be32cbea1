package io.herald.content.health;

import io.herald.common.stream.StreamKeys;
import io.herald.content.schedule.Outbox;
import io.herald.content.schedule.OutboxRelay;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: Redis, which this pod needs for its job streams (the datasource has its own check, from Agroal). The
 * outbox backlog, the results stream's pending count and lag, and the auth-service breaker are data, not reasons
 * to go DOWN: posts are still accepted while jobs wait, and cached account look-ups keep working.
 */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements HealthCheck {
  private final RedisDataSource redis;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final CircuitBreakerMaintenance breakers;

  RedisReadinessCheck(RedisDataSource redis, Outbox outbox, OutboxRelay relay, CircuitBreakerMaintenance breakers) {
    this.redis = redis;
    this.outbox = outbox;
    this.relay = relay;
    this.breakers = breakers;
  }

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("redis").withData("outboxBacklog", outboxBacklog());
    try {
      builder.withData("authServiceBreaker", breakers.currentState("auth-service-accounts").name());
    } catch (RuntimeException ignored) {
      // breaker not created yet
    }
    try {
      redis.execute("PING");
    } catch (RuntimeException e) {
      return builder.down().withData("error", e.getClass().getSimpleName()).build();
    }
    try {
      var pending = redis.stream(String.class).xpending(StreamKeys.RESULTS, StreamKeys.CONTENT_GROUP);
      builder.withData("resultsPending", pending.getPendingCount());
      for (var group : redis.execute("XINFO", "GROUPS", StreamKeys.RESULTS)) {
        if (StreamKeys.CONTENT_GROUP.equals(group.get("name").toString()) && group.get("lag") != null) {
          builder.withData("resultsLag", group.get("lag").toLong());
        }
      }
    } catch (RuntimeException e) {
      builder.withData("resultsPending", "unknown (" + e.getClass().getSimpleName() + ")");
    }
    return builder.up().build();
  }

  /** Counted now (a relay round may be slow while Redis is away); the relay's last count if Postgres is away too. */
  private long outboxBacklog() {
    try {
      return outbox.backlog();
    } catch (RuntimeException e) {
      return relay.backlog();
    }
  }
}
