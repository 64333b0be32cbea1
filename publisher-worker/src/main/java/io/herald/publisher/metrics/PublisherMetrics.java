package io.herald.publisher.metrics;

import io.herald.common.stream.GroupStats;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Media;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultMessage.FirstCommentStatus;
import io.herald.publisher.facebook.FacebookPost;
import io.herald.publisher.queue.JobStreams;
import io.herald.publisher.tiktok.webhook.TikTokWebhookEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The worker's domain metrics ({@code herald_*}, {@code docs/metrics.md}); tags are bounded (platform, outcome,
 * stream, kind, event), never ids. Every series dashboards read exists at zero from the start. Queue figures are
 * sampled by the sampler loop, so scraping never waits on Redis.
 */
@ApplicationScoped
public class PublisherMetrics {
  private static final List<String> OUTCOMES = List.of("published", "failed", "needs_reauth", "unknown_outcome",
      "retry_scheduled", "processing", "deferred", "dead");
  /** What a target publishes, per platform: Facebook's kinds of post, TikTok's video or photo post. */
  private static final Map<Platform, List<String>> TYPES = Map.of(
      Platform.FACEBOOK, Arrays.stream(FacebookPost.Kind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList(),
      Platform.TIKTOK, List.of("video", "photo"));
  private static final List<String> FINAL_OUTCOMES = List.of("published", "failed", "needs_reauth",
      "unknown_outcome");
  private static final List<String> FAILURE_KINDS = List.of("outage", "transient", "too_many", "permanent");
  private static final List<String> LIMITS = List.of("account", "platform");
  private static final List<String> LIMIT_RESULTS = List.of("waited", "deferred");
  private static final Set<String> WEBHOOK_EVENTS = Set.of(TikTokWebhookEvent.COMPLETE, TikTokWebhookEvent.FAILED,
      TikTokWebhookEvent.INBOX_DELIVERED, TikTokWebhookEvent.PUBLICLY_AVAILABLE, TikTokWebhookEvent.NO_LONGER_PUBLIC);

  private final MeterRegistry registry;
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong waiting = new AtomicLong();
  /** Meters of the per-job path, looked up once (a registry lookup per job shows in the profile). */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<Platform, Timer> publishTimers = new ConcurrentHashMap<>();
  private final AtomicLong delayed = new AtomicLong();
  private final AtomicLong dead = new AtomicLong();
  private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
  private volatile Map<String, GroupStats> lastStats = Map.of();

  PublisherMetrics(MeterRegistry registry, CircuitBreakerMaintenance breakers) {
    this.registry = registry;
    registry.gauge("herald_jobs_in_flight", inFlight);
    registry.gauge("herald_jobs_waiting", waiting);
    registry.gauge("herald_jobs_delayed", delayed);
    registry.gauge("herald_jobs_dead", dead);
    for (String stream : JobStreams.JOB_STREAMS) {
      lag.put(stream, registry.gauge("herald_queue_lag", Tags.of("stream", stream), new AtomicLong()));
    }
    for (Platform platform : Platform.values()) {
      String name = breakerName(platform);
      Gauge.builder("herald_circuit_breaker_state", () -> stateValue(breakers, name))
          .description("0 = closed, 1 = open, 2 = half-open")
          .tag("platform", name)
          .register(registry);
      OUTCOMES.forEach(outcome -> attempts(platform, outcome));
      TYPES.get(platform).forEach(type -> FINAL_OUTCOMES.forEach(outcome -> published(platform, type, outcome)));
    }
    for (FirstCommentStatus status : FirstCommentStatus.values()) {
      firstComments(status);
    }
    FAILURE_KINDS.forEach(this::failures);
    LIMITS.forEach(limit -> LIMIT_RESULTS.forEach(result -> limited(limit, result)));
  }

  /** The name of a platform's circuit breaker (and its {@code platform} tag). */
  public static String breakerName(Platform platform) {
    return platform.name().toLowerCase(Locale.ROOT);
  }

  public void countOutcome(Platform platform, String outcome) {
    attempts(platform, outcome).increment();
  }

  /**
   * A target's final result, by platform, type ({@link #typeOf}) and outcome; with the outcome of its first comment,
   * when it carries one.
   */
  public void countFinal(JobMessage job, ResultMessage result) {
    String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
    if (FINAL_OUTCOMES.contains(outcome)) {
      published(job.platform(), typeOf(job), outcome).increment();
    }
    if (result.firstComment() != null) {
      firstComments(result.firstComment().status()).increment();
    }
  }

  /** What the job publishes: Facebook's kind of post ({@code feed}, {@code video}, {@code reel}, ...), TikTok's. */
  public static String typeOf(JobMessage job) {
    if (job.platform() == Platform.FACEBOOK) {
      return FacebookPost.kindOf(job.payload()).name().toLowerCase(Locale.ROOT);
    }
    return job.payload().media().stream().anyMatch(m -> m.type() == Media.Type.VIDEO) ? "video" : "photo";
  }

  /** A job that failed on this worker, by kind: outage, transient, too_many (dead-lettered), permanent. */
  public void countFailure(String kind) {
    failures(kind).increment();
  }

  /** A TikTok publish webhook, by event and what became of it (applied, duplicate, unmatched, deferred). */
  public void countWebhook(String event, String result) {
    String known = WEBHOOK_EVENTS.contains(event) ? event : "other";
    Counter.builder("herald_tiktok_webhooks_total")
        .description("TikTok publish webhooks received, by event and result")
        .tag("event", known).tag("result", result).register(registry).increment();
  }

  public <T> T timePublish(Platform platform, Supplier<T> call) {
    return publishTimers.computeIfAbsent(platform, p -> Timer.builder("herald_publish_duration_seconds")
        .description("Duration of the platform create call").tag("platform", breakerName(p))
        .register(registry)).record(call);
  }

  /** A job that met a full platform or account gate: it waited for its turn, or was deferred. */
  public void countLimited(String limit, String result) {
    limited(limit, result).increment();
  }

  /** A job starts or stops waiting at a gate ({@code herald_jobs_waiting}). */
  public void waitStarted() {
    waiting.incrementAndGet();
  }

  public void waitEnded() {
    waiting.decrementAndGet();
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

  public void recordQueues(Map<String, GroupStats> stats, long delayedCount, long deadCount) {
    stats.forEach((stream, s) -> lag.computeIfAbsent(stream, k -> new AtomicLong()).set(s.lag()));
    delayed.set(delayedCount);
    dead.set(deadCount);
    lastStats = Map.copyOf(stats);
  }

  public Map<String, GroupStats> lastStreamStats() {
    return lastStats;
  }

  public long delayed() {
    return delayed.get();
  }

  public long dead() {
    return dead.get();
  }

  private Counter attempts(Platform platform, String outcome) {
    return counters.computeIfAbsent("attempts:" + platform + ":" + outcome, k -> Counter.builder(
        "herald_publish_attempts_total")
        .description("Publish jobs handled, by platform and outcome")
        .tag("platform", breakerName(platform)).tag("outcome", outcome).register(registry));
  }

  private Counter published(Platform platform, String type, String outcome) {
    return counters.computeIfAbsent("final:" + platform + ":" + type + ":" + outcome, k -> Counter.builder(
        "herald_publish_outcomes_total")
        .description("Targets that reached a final result, by platform, type of post and outcome")
        .tag("platform", breakerName(platform)).tag("type", type).tag("outcome", outcome).register(registry));
  }

  private Counter firstComments(FirstCommentStatus status) {
    String outcome = status.name().toLowerCase(Locale.ROOT);
    return counters.computeIfAbsent("comment:" + outcome, k -> Counter.builder("herald_first_comments_total")
        .description("First comments of published Facebook posts, by outcome (published, failed, unknown_outcome)")
        .tag("outcome", outcome).register(registry));
  }

  private Counter failures(String kind) {
    return counters.computeIfAbsent("failures:" + kind, k -> Counter.builder("herald_job_failures_total")
        .description("Jobs whose handling failed on this worker, by kind (outage, transient, too_many, permanent)")
        .tag("kind", kind).register(registry));
  }

  private Counter limited(String limit, String result) {
    return counters.computeIfAbsent("limited:" + limit + ":" + result, k -> Counter.builder(
        "herald_jobs_limited_total")
        .description("Jobs that met a full platform or account limit, by limit and what they did (waited, deferred)")
        .tag("limit", limit).tag("result", result).register(registry));
  }

  private static double stateValue(CircuitBreakerMaintenance breakers, String name) {
    return switch (breakers.currentState(name)) {
      case CLOSED -> 0;
      case OPEN -> 1;
      case HALF_OPEN -> 2;
    };
  }
}
