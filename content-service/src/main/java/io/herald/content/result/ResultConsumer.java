package io.herald.content.result;

import io.herald.common.stream.Delivery;
import io.herald.common.stream.GroupStats;
import io.herald.common.stream.MalformedMessageException;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.StreamGroup;
import io.herald.common.stream.StreamKeys;
import io.herald.content.config.ContentConfig;
import io.herald.content.metrics.ContentMetrics;
import io.herald.content.metrics.ContentMetrics.IgnoredResult;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Consumes {@link StreamKeys#RESULTS} in group {@code content-service} (common's {@link StreamGroup}): applies a
 * round's results in one transaction ({@link ResultApplier#applyAll}), then acknowledges them with one XACK. Should the
 * batch fail, its results are applied one by one, so one that cannot be applied holds up no other (it stays pending and
 * is claimed again). Entries that break the contract (unknown version, bad field) go to {@link StreamKeys#RESULTS_DEAD}
 * with the reason, are acknowledged, logged and counted. Entries another replica left pending (it crashed) are claimed
 * after {@link #CLAIM_IDLE}. Results are acknowledged only after their transaction committed: at least once, and
 * applying one twice changes nothing (its attempt and the target's state machine decide).
 */
@ApplicationScoped
public class ResultConsumer {
  public static final String DEAD = StreamKeys.RESULTS_DEAD;
  static final Duration CLAIM_IDLE = Duration.ofSeconds(30);
  static final Duration PAUSE = Duration.ofMillis(200);

  private final StreamGroup group;
  private final RedisDataSource redis;
  private final ResultApplier applier;
  private final ContentConfig config;
  private final ContentMetrics metrics;
  private final String consumer = "content-" + UUID.randomUUID();

  ResultConsumer(RedisDataSource redis, ResultApplier applier, ContentConfig config, ContentMetrics metrics) {
    this.group = new StreamGroup(redis, StreamKeys.CONTENT_GROUP, List.of(StreamKeys.RESULTS),
        config.streamMaxLength());
    this.redis = redis;
    this.applier = applier;
    this.config = config;
    this.metrics = metrics;
  }

  /** One round of the loop: abandoned entries, then new ones; answers the wait before the next round. */
  public Duration round() {
    int limit = config.scheduler().resultsBatchSize();
    var batch = new ArrayList<>(group.claimIdle(consumer, CLAIM_IDLE, limit));
    if (batch.size() < limit) {
      batch.addAll(group.readNew(consumer, limit - batch.size(), Duration.ZERO));
    }
    var deliveries = new ArrayList<Delivery>();
    var results = new ArrayList<ResultMessage>();
    for (Delivery delivery : batch) {
      try {
        results.add(ResultMessage.fromFields(delivery.fields()));
        deliveries.add(delivery);
      } catch (MalformedMessageException e) {
        group.deadLetter(delivery, DEAD, e.getMessage());
        metrics.resultDead();
        Log.warnf("Results consumer: entry %s breaks the contract (%s); moved to %s", delivery.entryId(),
            e.getMessage(), DEAD);
      }
    }
    if (!results.isEmpty()) {
      acknowledge(apply(deliveries, results));
    }
    return batch.size() >= limit ? Duration.ZERO : PAUSE;
  }

  /** Depth, lag and pending of {@link StreamKeys#RESULTS} for this group. */
  public GroupStats stats() {
    return group.stats(StreamKeys.RESULTS);
  }

  /** Applies the results (one transaction, else one each); answers the deliveries whose result is committed. */
  private List<Delivery> apply(List<Delivery> deliveries, List<ResultMessage> results) {
    List<Optional<IgnoredResult>> outcomes;
    try {
      outcomes = applier.applyAll(results);
    } catch (RuntimeException batchFailed) {
      Log.warnf("Results consumer: a batch of %d results failed (%s); applying them one by one", results.size(),
          batchFailed.toString());
      return applyOneByOne(deliveries, results);
    }
    for (int i = 0; i < results.size(); i++) {
      count(deliveries.get(i), results.get(i), outcomes.get(i));
    }
    return deliveries;
  }

  private List<Delivery> applyOneByOne(List<Delivery> deliveries, List<ResultMessage> results) {
    var committed = new ArrayList<Delivery>();
    RuntimeException failure = null;
    for (int i = 0; i < results.size(); i++) {
      try {
        count(deliveries.get(i), results.get(i), applier.apply(results.get(i)));
        committed.add(deliveries.get(i));
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      Log.warnf("Results consumer: %d of %d results could not be applied (%s); they stay pending",
          results.size() - committed.size(), results.size(), failure.toString());
    }
    return committed;
  }

  private void count(Delivery delivery, ResultMessage result, Optional<IgnoredResult> ignored) {
    if (result.operation() == null) {
      // results of publishes; an edit's or delete's result is in the attempt history and its webhook, not here
      ignored.ifPresentOrElse(metrics::resultIgnored, () -> metrics.resultApplied(result.outcome()));
    }
    if (ignored.isPresent() && ignored.get() == IgnoredResult.UNKNOWN_TARGET) {
      Log.warnf("Results consumer: entry %s names unknown target %s; acked", delivery.entryId(), result.targetId());
    }
  }

  /**
   * Acknowledges deliveries with one XACK per stream (common's {@link StreamGroup#ack} takes one entry per call).
   */
  private void acknowledge(List<Delivery> deliveries) {
    deliveries.stream().collect(Collectors.groupingBy(Delivery::stream, Collectors.mapping(Delivery::entryId,
            Collectors.toList())))
        .forEach((stream, ids) -> redis.stream(String.class)
            .xack(stream, StreamKeys.CONTENT_GROUP, ids.toArray(String[]::new)));
  }
}
