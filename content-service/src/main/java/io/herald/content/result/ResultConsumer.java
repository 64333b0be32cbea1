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

/**
 * Consumes {@code herald:results} in group {@code content-service} (common's {@link StreamGroup}): applies each
 * result, then acknowledges it. Entries that break the contract (unknown version, bad field) go to
 * {@code herald:results:dead} with the reason, are acknowledged, logged and counted. Entries another replica left
 * pending (it crashed) are claimed after {@link #CLAIM_IDLE}.
 */
@ApplicationScoped
public class ResultConsumer {
  public static final String DEAD = "herald:results:dead";
  static final Duration CLAIM_IDLE = Duration.ofSeconds(30);
  static final Duration PAUSE = Duration.ofMillis(200);
  static final int BATCH = 100;

  private final StreamGroup group;
  private final ResultApplier applier;
  private final ContentMetrics metrics;
  private final String consumer = "content-" + UUID.randomUUID();

  ResultConsumer(RedisDataSource redis, ResultApplier applier, ContentConfig config, ContentMetrics metrics) {
    this.group = new StreamGroup(redis, StreamKeys.CONTENT_GROUP, List.of(StreamKeys.RESULTS),
        config.streamMaxLength());
    this.applier = applier;
    this.metrics = metrics;
  }

  /** One round of the loop: abandoned entries, then new ones; answers the wait before the next round. */
  public Duration round() {
    var batch = new ArrayList<>(group.claimIdle(consumer, CLAIM_IDLE, BATCH));
    batch.addAll(group.readNew(consumer, BATCH, Duration.ZERO));
    batch.forEach(this::handle);
    return batch.size() >= BATCH ? Duration.ZERO : PAUSE;
  }

  /** Depth, lag and pending of {@code herald:results} for this group. */
  public GroupStats stats() {
    return group.stats(StreamKeys.RESULTS);
  }

  private void handle(Delivery delivery) {
    ResultMessage result;
    try {
      result = ResultMessage.fromFields(delivery.fields());
    } catch (MalformedMessageException e) {
      group.deadLetter(delivery, DEAD, e.getMessage());
      metrics.resultDead();
      Log.warnf("Results consumer: entry %s breaks the contract (%s); moved to %s", delivery.entryId(),
          e.getMessage(), DEAD);
      return;
    }
    Optional<IgnoredResult> ignored = applier.apply(result);
    ignored.ifPresentOrElse(metrics::resultIgnored, () -> metrics.resultApplied(result.outcome()));
    if (ignored.isPresent() && ignored.get() == IgnoredResult.UNKNOWN_TARGET) {
      Log.warnf("Results consumer: entry %s names unknown target %s; acked", delivery.entryId(), result.targetId());
    }
    group.ack(delivery);
  }
}
