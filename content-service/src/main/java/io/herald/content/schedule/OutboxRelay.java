package io.herald.content.schedule;

import io.herald.common.health.Heartbeats;
import io.herald.common.stream.StreamKeys;
import io.herald.content.config.ContentConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands outbox rows to Redis: sets the target's job marker ({@code SET herald:jobs:active:<target> queued PX ttl}),
 * XADDs to {@code herald:jobs:{priority}} in outbox order, then marks each row sent. While Redis is down the rows
 * wait in Postgres; a crash between XADD and the mark sends a row twice, which the worker's ledger absorbs.
 */
@ApplicationScoped
public class OutboxRelay {
  static final String LOOP = "outbox-relay";
  static final int BATCH = 200;
  static final String QUEUED_MARKER = "queued";

  private final Outbox outbox;
  private final RedisDataSource redis;
  private final ContentConfig config;
  private final Heartbeats heartbeats;
  private final Counter relayed;
  private final AtomicLong backlog = new AtomicLong();
  private final Clock clock = Clock.systemUTC();
  private volatile boolean redisFailing;

  OutboxRelay(Outbox outbox, RedisDataSource redis, ContentConfig config, Heartbeats heartbeats, MeterRegistry metrics) {
    this.outbox = outbox;
    this.redis = redis;
    this.config = config;
    this.heartbeats = heartbeats;
    this.relayed = metrics.counter("herald_outbox_relayed_total");
    metrics.gauge("herald_outbox_backlog", backlog);
  }

  void onStart(@Observes StartupEvent event, LoopRunner loops) {
    loops.start(LOOP, Duration.ofMillis(250), this::round);
  }

  void round() {
    while (relayBatch() == BATCH) {
      heartbeats.beat(LOOP);
    }
    backlog.set(outbox.backlog());
  }

  /** Relays one batch; answers how many rows were sent (fewer than asked when Redis failed or the backlog ran out). */
  public int relayBatch() {
    return QuarkusTransaction.requiringNew().call(() -> {
      int sent = 0;
      var stream = redis.stream(String.class);
      var markers = redis.value(String.class);
      var markerTtl = new SetArgs().px(config.queuedMarkerTtl());
      for (Outbox.Row row : outbox.lockUnsent(BATCH)) {
        try {
          markers.set(StreamKeys.activeMarker(row.targetId()), QUEUED_MARKER, markerTtl);
          stream.xadd(row.stream(), new XAddArgs().maxlen(config.streamMaxLength()).nearlyExactTrimming(), row.fields());
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
        outbox.markSent(row.id(), clock.instant());
        relayed.increment();
        sent++;
      }
      return sent;
    });
  }

  /** Rows not yet handed to Redis, as of the last round. */
  public long backlog() {
    return backlog.get();
  }
}
