package io.herald.publisher.metrics;

import io.herald.common.stream.Platform;
import io.herald.publisher.queue.JobStreams;
import io.herald.publisher.queue.StreamStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The worker's domain metrics ({@code herald_*}); tags are bounded (platform, outcome, stream), never ids.
 * Queue figures are sampled by the claimer loop so scraping never waits on Redis.
 */
@ApplicationScoped
public class PublisherMetrics {
  private final MeterRegistry registry;
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong delayed = new AtomicLong();
  private final AtomicLong dead = new AtomicLong();
  private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
  private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
  private final Map<Platform, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, Counter> failures = new ConcurrentHashMap<>();
  private final Map<String, Counter> webhooks = new ConcurrentHashMap<>();
  private static final java.util.Set<String> WEBHOOK_EVENTS = java.util.Set.of("post.publish.complete",
      "post.publish.failed", "post.publish.inbox_delivered", "post.publish.publicly_available",
      "post.publish.no_longer_publicaly_available");
  private volatile Map<String, StreamStats> lastStats = Map.of();

  PublisherMetrics(MeterRegistry registry, CircuitBreakerMaintenance breakers) {
    this.registry = registry;
    registry.gauge("herald_jobs_in_flight", inFlight);
    registry.gauge("herald_jobs_delayed", delayed);
    registry.gauge("herald_jobs_dead", dead);
    for (String stream : JobStreams.JOB_STREAMS) {
      var value = new AtomicLong();
      lag.put(stream, value);
      registry.gauge("herald_queue_lag", java.util.List.of(io.micrometer.core.instrument.Tag.of("stream", stream)), value);
    }
    for (Platform platform : Platform.values()) {
      String name = breakerName(platform);
      io.micrometer.core.instrument.Gauge.builder("herald_circuit_breaker_state",
              () -> stateValue(breakers, name))
          .description("0 = closed, 1 = open, 2 = half-open")
          .tag("platform", name)
          .register(registry);
    }
  }

  /** Registers the series every dashboard reads, so they exist at zero before the first job. */
  @jakarta.annotation.PostConstruct
  void registerSeries() {
    for (Platform platform : Platform.values()) {
      for (String outcome : java.util.List.of("published", "failed", "needs_reauth", "unknown_outcome",
          "retry_scheduled", "processing", "deferred", "dead")) {
        attempts.computeIfAbsent(platform.name() + "/" + outcome, k -> Counter.builder("herald_publish_attempts_total")
            .description("Publish jobs handled, by platform and outcome")
            .tag("platform", breakerName(platform)).tag("outcome", outcome).register(registry));
      }
    }
    for (String kind : java.util.List.of("outage", "transient", "too_many", "permanent")) {
      failures.computeIfAbsent(kind, k -> Counter.builder("herald_job_failures_total")
          .description("Jobs whose handling failed on this worker, by kind (outage, transient, too_many, permanent)")
          .tag("kind", k).register(registry));
    }
  }

  public static String breakerName(Platform platform) {
    return platform.name().toLowerCase(Locale.ROOT);
  }

  public void countOutcome(Platform platform, String outcome) {
    attempts.computeIfAbsent(platform.name() + "/" + outcome, k -> Counter.builder("herald_publish_attempts_total")
        .description("Publish jobs handled, by platform and outcome")
        .tag("platform", breakerName(platform)).tag("outcome", outcome).register(registry)).increment();
  }

  /** A job that failed on this worker, by kind: outage, transient, too_many (dead-lettered), permanent. */
  public void countFailure(String kind) {
    failures.computeIfAbsent(kind, k -> Counter.builder("herald_job_failures_total")
        .description("Jobs whose handling failed on this worker, by kind (outage, transient, too_many, permanent)")
        .tag("kind", k).register(registry)).increment();
  }

  /** A TikTok publish webhook, by event and what became of it (applied, duplicate, unmatched, deferred). */
  public void countWebhook(String event, String result) {
    String known = WEBHOOK_EVENTS.contains(event) ? event : "other";
    webhooks.computeIfAbsent(known + "/" + result, k -> Counter.builder("herald_tiktok_webhooks_total")
        .description("TikTok publish webhooks received, by event and result")
        .tag("event", known).tag("result", result).register(registry)).increment();
  }

  public <T> T timePublish(Platform platform, Supplier<T> call) {
    return durations.computeIfAbsent(platform, p -> Timer.builder("herald_publish_duration_seconds")
        .description("Duration of the platform create call").tag("platform", breakerName(p))
        .register(registry)).record(call);
  }

  public void jobStarted() {
    inFlight.incrementAndGet();
  }

  public void jobFinished() {
    inFlight.decrementAndGet();
  }

  public long inFlight() {
    return inFlight.get();
  }

  public void recordQueues(Map<String, StreamStats> stats, long delayedCount, long deadCount) {
    stats.forEach((stream, s) -> lag.computeIfAbsent(stream, k -> new AtomicLong()).set(s.lag()));
    delayed.set(delayedCount);
    dead.set(deadCount);
    lastStats = Map.copyOf(stats);
  }

  public Map<String, StreamStats> lastStreamStats() {
    return lastStats;
  }

  public long delayed() {
    return delayed.get();
  }

  public long dead() {
    return dead.get();
  }

  private static double stateValue(CircuitBreakerMaintenance breakers, String name) {
    try {
      CircuitBreakerState state = breakers.currentState(name);
      return switch (state) {
        case CLOSED -> 0;
        case OPEN -> 1;
        case HALF_OPEN -> 2;
      };
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
