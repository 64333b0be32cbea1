package io.herald.content.schedule;

import io.herald.common.stream.StreamKeys;
import io.herald.content.config.ContentConfig;
import io.herald.content.metrics.ContentMetrics;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.value.SetArgs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;

/**
 * Hands outbox rows to Redis: sets the target's job marker ({@code SET herald:jobs:active:<target> queued PX ttl}),
 * XADDs to {@code herald:jobs:{priority}} in outbox order, then marks each row sent. While Redis is down the rows
 * wait in Postgres; a crash between XADD and the mark sends a row twice, which the worker's ledger absorbs.
 */
@ApplicationScoped
public class OutboxRelay {
  static final int BATCH = 200;
  static final Duration PAUSE = Duration.ofMillis(250);
  static final String QUEUED_MARKER = "queued";

  private final Outbox outbox;
  private final RedisDataSource redis;
  private final ContentConfig config;
  private final ContentMetrics metrics;
  private final Clock clock = Clock.systemUTC();
  private volatile boolean redisFailing;

  OutboxRelay(Outbox outbox, RedisDataSource redis, ContentConfig config, ContentMetrics metrics) {
    this.outbox = outbox;
    this.redis = redis;
    this.config = config;
    this.metrics = metrics;
  }

  /**
   * One round of the loop: relays one batch (the rows sent so far stay sent when Redis fails midway) and counts the
   * backlog; answers the wait before the next round, none while a full batch went out.
   */
  @Transactional
  Duration round() {
    int sent = 0;
    var streams = redis.stream(String.class);
    var markers = redis.value(String.class);
    var markerTtl = new SetArgs().px(config.queuedMarkerTtl());
    for (OutboxEntry row : outbox.lockUnsent(BATCH)) {
      try {
        markers.set(StreamKeys.activeMarker(row.targetId), QUEUED_MARKER, markerTtl);
        streams.xadd(row.stream, new XAddArgs().maxlen(config.streamMaxLength()).nearlyExactTrimming(), row.fields);
      } catch (RuntimeException e) {
        if (!redisFailing) {
          Log.warnf("Outbox relay: Redis unavailable (%s); jobs wait in the outbox", e.getClass().getSimpleName());
        }
        redisFailing = true;
        break;
      }
      if (redisFailing) {
        Log.info("Outbox relay: Redis is back; relaying the waiting jobs");
        redisFailing = false;
      }
      row.sentAt = clock.instant();
      metrics.outboxRelayed();
      sent++;
    }
    metrics.outboxBacklog(outbox.backlog());
    return sent == BATCH ? Duration.ZERO : PAUSE;
  }
}
