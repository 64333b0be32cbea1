package io.herald.publisher.metrics;

import io.herald.common.metrics.CounterFamily;
import io.herald.common.stream.GroupStats;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Media;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultMessage.FirstCommentStatus;
import io.herald.common.stream.ResultOutcome;
import io.herald.publisher.facebook.FacebookPost;
import io.herald.publisher.queue.JobStreams;
import io.herald.publisher.tiktok.webhook.TikTokWebhookEvent;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The worker's domain metrics ({@code herald_*}, {@code docs/metrics.md}); tags are bounded (platform, outcome,
 * stream, kind, event), never ids. Every series dashboards read exists at zero from the start. Queue figures are
 * sampled by the sampler loop, so scraping never waits on Redis.
 */
@Startup
@ApplicationScoped
public class PublisherMetrics {
  /** What a publish job came to: a result's outcome, or deferred, stale (an older attempt), dead (dead-lettered). */
  private static final List<String> OUTCOMES = Stream.concat(
      Arrays.stream(ResultOutcome.values()).map(o -> o.name().toLowerCase(Locale.ROOT)),
      Stream.of("deferred", "stale", "dead")).toList();
  private static final List<String> WEBHOOK_EVENTS = List.of(TikTokWebhookEvent.COMPLETE, TikTokWebhookEvent.FAILED,
      TikTokWebhookEvent.INBOX_DELIVERED, TikTokWebhookEvent.PUBLICLY_AVAILABLE, TikTokWebhookEvent.NO_LONGER_PUBLIC,
      "other");
  /** What a target publishes, per platform: Facebook's kinds of post, TikTok's video or photo post. */
  private static final Map<Platform, List<String>> TYPES = Map.of(
      Platform.FACEBOOK, Arrays.stream(FacebookPost.Kind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList(),
      Platform.TIKTOK, List.of("video", "photo"));
  private static final List<String> FINAL_OUTCOMES = List.of("published", "failed", "needs_reauth",
      "unknown_outcome");

  /** The ledger's moves that concurrent jobs make together (ledger.Ledger). */
  public static final List<String> LEDGER_BATCHED_MOVES = List.of("take", "send", "sent");

  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong waiting = new AtomicLong();
  private final CounterFamily attempts;
  private final CounterFamily failures;
  private final CounterFamily limited;
  private final CounterFamily webhooks;
  private final Map<Platform, CounterFamily> finals = new EnumMap<>(Platform.class);
  private final CounterFamily firstComments;
  private final Map<Platform, Timer> publishTimers = new EnumMap<>(Platform.class);
  private final Map<String, DistributionSummary> ledgerBatches = new ConcurrentHashMap<>();
  private final AtomicLong delayed = new AtomicLong();
  private final AtomicLong dead = new AtomicLong();
  private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<Instant>> oldestAt = new ConcurrentHashMap<>();
  private volatile Map<String, GroupStats> lastStats = Map.of();

  PublisherMetrics(MeterRegistry registry, CircuitBreakerMaintenance breakers) {
    gauge(registry, "herald_jobs_in_flight", inFlight, "Jobs being worked on by this process");
    gauge(registry, "herald_jobs_waiting", waiting, "Jobs of this process waiting for a platform or account limit");
    gauge(registry, "herald_jobs_delayed", delayed,
        "Jobs waiting in the delayed set (retries, TikTok status polls, deferrals)");
    gauge(registry, "herald_jobs_dead", dead, "Entries in the dead-letter stream");
    for (String stream : JobStreams.JOB_STREAMS) {
      var streamLag = new AtomicLong();
      lag.put(stream, streamLag);
      Gauge.builder("herald_queue_lag", streamLag, AtomicLong::get)
          .description("Entries of the job stream not yet read by the publishers group")
          .tag("stream", stream).register(registry);
      var oldest = new AtomicReference<Instant>();
      oldestAt.put(stream, oldest);
      Gauge.builder("herald_queue_oldest_job_age_seconds", oldest, PublisherMetrics::secondsSince)
          .description("How long the oldest job of the stream the publishers group has not finished (pending or "
              + "unread) has waited since it was added; 0 when there is none")
          .tag("stream", stream).register(registry);
    }
    List<String> platforms = Arrays.stream(Platform.values()).map(PublisherMetrics::breakerName).toList();
    for (Platform platform : Platform.values()) {
      String name = breakerName(platform);
      Gauge.builder("herald_circuit_breaker_state", () -> stateValue(breakers, name))
          .description("0 = closed, 1 = open, 2 = half-open")
          .tag("platform", name)
          .register(registry);
      publishTimers.put(platform, Timer.builder("herald_publish_duration_seconds")
          .description("Duration of the platform create call").tag("platform", name).register(registry));
    }
    attempts = CounterFamily.builder("herald_publish_attempts_total", "Publish jobs handled, by platform and outcome")
        .tag("platform", platforms).tag("outcome", OUTCOMES).register(registry);
    failures = CounterFamily.builder("herald_job_failures_total",
            "Jobs whose handling failed on this worker, by kind (outage, transient, too_many, permanent)")
        .tag("kind", "outage", "transient", "too_many", "permanent").register(registry);
    limited = CounterFamily.builder("herald_jobs_limited_total",
            "Jobs that met a full platform or account limit, by limit and what they did (waited, deferred)")
        .tag("limit", "account", "platform").tag("result", "waited", "deferred").register(registry);
    webhooks = CounterFamily.builder("herald_tiktok_webhooks_total",
            "TikTok publish webhooks received, by event and result")
        .tag("event", WEBHOOK_EVENTS)
        .tag("result", "applied", "duplicate", "unmatched", "deferred", "conflict").register(registry);
    for (Platform platform : Platform.values()) {
      finals.put(platform, CounterFamily.builder("herald_publish_outcomes_total",
              "Targets that reached a final result, by platform, type of post and outcome")
          .tag("platform", breakerName(platform)).tag("type", TYPES.get(platform)).tag("outcome", FINAL_OUTCOMES)
          .register(registry));
    }
    for (String move : LEDGER_BATCHED_MOVES) {
      ledgerBatches.put(move, DistributionSummary.builder("herald_ledger_batch_size")
          .description("Ledger moves run together as one statement, by move (take, send, sent)").tag("move", move)
          .register(registry));
    }
    firstComments = CounterFamily.builder("herald_first_comments_total",
            "First comments of published Facebook posts, by outcome (published, failed, unknown_outcome)")
        .tag("outcome", Arrays.stream(FirstCommentStatus.values()).map(s -> s.name().toLowerCase(Locale.ROOT))
            .toList())
        .register(registry);
  }

  /** The name of a platform's circuit breaker (and its {@code platform} tag). */
  public static String breakerName(Platform platform) {
    return platform.name().toLowerCase(Locale.ROOT);
  }

  /** One statement of the ledger ran {@code size} jobs' moves of one kind ({@link #LEDGER_BATCHED_MOVES}). */
  public void recordLedgerBatch(String move, int size) {
    ledgerBatches.get(move).record(size);
  }

  public void countOutcome(Platform platform, String outcome) {
    attempts.increment(breakerName(platform), outcome);
  }

  /**
   * A target's final result, by platform, type ({@link #typeOf}) and outcome; with the outcome of its first comment,
   * when it carries one.
   */
  public void countFinal(JobMessage job, ResultMessage result) {
    String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
    if (FINAL_OUTCOMES.contains(outcome)) {
      finals.get(job.platform()).increment(breakerName(job.platform()), typeOf(job), outcome);
    }
    if (result.firstComment() != null) {
      firstComments.increment(result.firstComment().status().name().toLowerCase(Locale.ROOT));
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
    failures.increment(kind);
  }

  /** A TikTok publish webhook, by event and what became of it (applied, duplicate, unmatched, deferred). */
  public void countWebhook(String event, String result) {
    webhooks.increment(WEBHOOK_EVENTS.contains(event) ? event : "other", result);
  }

  public <T> T timePublish(Platform platform, Supplier<T> call) {
    return publishTimers.get(platform).record(call);
  }

  /** A job that met a full platform or account gate: it waited for its turn, or was deferred. */
  public void countLimited(String limit, String result) {
    limited.increment(limit, result);
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
    stats.forEach((stream, s) -> {
      lag.computeIfAbsent(stream, k -> new AtomicLong()).set(s.lag());
      oldestAt.computeIfAbsent(stream, k -> new AtomicReference<>()).set(s.oldestAt().orElse(null));
    });
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

  private static void gauge(MeterRegistry registry, String name, AtomicLong value, String description) {
    Gauge.builder(name, value, AtomicLong::get).description(description).register(registry);
  }

  private static double secondsSince(AtomicReference<Instant> at) {
    Instant oldest = at.get();
    return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
  }

  private static double stateValue(CircuitBreakerMaintenance breakers, String name) {
    return switch (breakers.currentState(name)) {
      case CLOSED -> 0;
      case OPEN -> 1;
      case HALF_OPEN -> 2;
    };
  }
}
