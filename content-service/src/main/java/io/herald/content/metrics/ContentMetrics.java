package io.herald.content.metrics;

import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Every meter of content-service (docs/metrics.md), counted only here and registered at start, so every series
 * exists at zero before its first event.
 */
@Startup
@ApplicationScoped
public class ContentMetrics {
  /** Why a result changed nothing ({@code herald_results_ignored_total{reason}}). */
  public enum IgnoredResult { STALE, UNKNOWN_TARGET }

  /** What a webhook delivery attempt came to ({@code herald_webhook_deliveries_total{outcome}}). */
  public enum WebhookDelivery { DELIVERED, RETRY_SCHEDULED, GIVEN_UP }

  private final Map<Priority, Counter> postsCreated;
  private final Counter outboxRelayed;
  private final AtomicLong outboxBacklog = new AtomicLong();
  private final Map<ResultOutcome, Counter> resultsApplied;
  private final Map<IgnoredResult, Counter> resultsIgnored;
  private final Counter resultsDead;
  private final Counter reconcilerRequeued;
  private final AtomicLong targetsUnknownOutcome = new AtomicLong();
  private final Map<WebhookDelivery, Counter> webhookDeliveries;
  private final Counter rateLimited;
  private final Counter rateLimitErrors;
  /** The Redis tier of the account cache, by (operation, result). */
  private final Map<List<String>, Counter> accountCache = new HashMap<>();

  ContentMetrics(MeterRegistry registry) {
    postsCreated = byEnum(Priority.class, p -> Counter.builder("herald_posts_created_total")
        .description("Posts accepted, by priority").tag("priority", p.name()).register(registry));
    outboxRelayed = counter(registry, "herald_outbox_relayed_total", "Jobs handed from the outbox to the job streams");
    Gauge.builder("herald_outbox_backlog", outboxBacklog, AtomicLong::get)
        .description("Due jobs waiting in the outbox for Redis, as the relay last counted them").register(registry);
    resultsApplied = byEnum(ResultOutcome.class, o -> Counter.builder("herald_results_applied_total")
        .description("Publish results applied to targets, by outcome").tag("outcome", o.name()).register(registry));
    resultsIgnored = byEnum(IgnoredResult.class, r -> Counter.builder("herald_results_ignored_total")
        .description("Results that changed nothing: of an older attempt or a move the status does not allow (stale),"
            + " or naming no known target (unknown_target)")
        .tag("reason", lower(r)).register(registry));
    resultsDead = counter(registry, "herald_results_dead_total",
        "Malformed or unknown-version results moved to the dead results stream");
    reconcilerRequeued = counter(registry, "herald_reconciler_requeued_total",
        "In-flight targets enqueued again because their job was gone from Redis");
    Gauge.builder("herald_targets_unknown_outcome", targetsUnknownOutcome, AtomicLong::get)
        .description("Targets in UNKNOWN_OUTCOME across tenants, waiting for the user's word").register(registry);
    webhookDeliveries = byEnum(WebhookDelivery.class, o -> Counter.builder("herald_webhook_deliveries_total")
        .description("Webhook delivery attempts, by outcome").tag("outcome", lower(o)).register(registry));
    rateLimited = counter(registry, "herald_rate_limited_total", "Writes refused with 429 by the tenant's rate limit");
    rateLimitErrors = counter(registry, "herald_rate_limit_errors_total",
        "Writes let through because the rate limiter's Redis was unavailable");
    Map.of("get", List.of("hit", "miss", "error"), "put", List.of("ok", "error"), "evict", List.of("ok", "error"))
        .forEach((operation, results) -> results.forEach(result -> accountCache.put(List.of(operation, result),
            Counter.builder("herald_cache_redis_operations_total")
                .description("Operations on the shared (Redis) tier of a cache, by operation and result")
                .tags("cache", "accounts", "operation", operation, "result", result).register(registry))));
  }

  public void postCreated(Priority priority) {
    postsCreated.get(priority).increment();
  }

  public void outboxRelayed(int jobs) {
    outboxRelayed.increment(jobs);
  }

  public void outboxBacklog(long rows) {
    outboxBacklog.set(rows);
  }

  /** The outbox backlog as the relay last counted it. */
  public long outboxBacklog() {
    return outboxBacklog.get();
  }

  public void resultApplied(ResultOutcome outcome) {
    resultsApplied.get(outcome).increment();
  }

  public void resultIgnored(IgnoredResult reason) {
    resultsIgnored.get(reason).increment();
  }

  public void resultDead() {
    resultsDead.increment();
  }

  public void reconcilerRequeued() {
    reconcilerRequeued.increment();
  }

  public void targetsUnknownOutcome(long targets) {
    targetsUnknownOutcome.set(targets);
  }

  public void webhookDelivery(WebhookDelivery outcome) {
    webhookDeliveries.get(outcome).increment();
  }

  public void rateLimited() {
    rateLimited.increment();
  }

  public void rateLimitError() {
    rateLimitErrors.increment();
  }

  /** One operation on the account cache's Redis tier: get (hit, miss, error), put or evict (ok, error). */
  public void accountCache(String operation, String result) {
    accountCache.get(List.of(operation, result)).increment();
  }

  private static <E extends Enum<E>> Map<E, Counter> byEnum(Class<E> type, Function<E, Counter> counter) {
    var counters = new EnumMap<E, Counter>(type);
    for (E value : type.getEnumConstants()) {
      counters.put(value, counter.apply(value));
    }
    return counters;
  }

  private static Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
