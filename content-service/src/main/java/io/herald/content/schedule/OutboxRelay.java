package io.herald.content.schedule;

import io.herald.common.stream.StreamKeys;
import io.herald.content.config.ContentConfig;
import io.herald.content.metrics.ContentMetrics;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands outbox rows to Redis, a batch per round in outbox order: for each row the target's job marker
 * ({@code SET herald:{jobs}:active:<target> queued PX ttl}) and the XADD to {@code herald:{jobs}:{priority}}, all of
 * the batch pipelined in one Redis round trip, then the rows marked sent in one statement. While Redis is down the
 * rows wait in Postgres; a crash (or a lost answer) between the XADDs and the mark sends rows twice, which the
 * worker's ledger absorbs. Between rounds it waits for a commit that wrote outbox rows ({@link OutboxSignal}), at
 * most {@code relay-pause}.
 */
@ApplicationScoped
public class OutboxRelay {
  static final String QUEUED_MARKER = "queued";
  /** How often the backlog gauge is counted (readiness counts it on its own). */
  static final Duration BACKLOG_EVERY = Duration.ofSeconds(1);
  static final Duration REDIS_TIMEOUT = Duration.ofSeconds(5);

  private final Outbox outbox;
  private final OutboxSignal signal;
  private final RedisDataSource redis;
  private final ContentConfig config;
  private final ContentMetrics metrics;
  private final Clock clock = Clock.systemUTC();
  private volatile boolean redisFailing;
  private boolean lastBatchFull;
  private Instant backlogCountedAt = Instant.EPOCH;

  OutboxRelay(Outbox outbox, OutboxSignal signal, RedisDataSource redis, ContentConfig config,
      ContentMetrics metrics) {
    this.outbox = outbox;
    this.signal = signal;
    this.redis = redis;
    this.config = config;
    this.metrics = metrics;
  }

  /**
   * One round of the loop: waits for new rows unless the last batch was full, relays one batch and, at most once a
   * second, counts the backlog.
   */
  Duration round() throws InterruptedException {
    if (!lastBatchFull) {
      signal.await(config.scheduler().relayPause());
    }
    int batch = config.scheduler().relayBatchSize();
    int sent = QuarkusTransaction.requiringNew().call(() -> relay(batch));
    lastBatchFull = sent == batch;
    Instant now = clock.instant();
    if (now.isAfter(backlogCountedAt.plus(BACKLOG_EVERY))) {
      metrics.outboxBacklog(outbox.backlog());
      backlogCountedAt = now;
    }
    return Duration.ZERO;
  }

  /** Relays up to {@code limit} rows (call in a transaction); answers how many went out. */
  int relay(int limit) {
    List<OutboxEntry> rows = outbox.lockUnsent(limit);
    if (rows.isEmpty()) {
      return 0;
    }
    try {
      handOff(rows);
    } catch (RuntimeException e) {
      if (!redisFailing) {
        Log.warnf("Outbox relay: Redis unavailable (%s); jobs wait in the outbox", e.toString());
      }
      redisFailing = true;
      return 0;
    }
    if (redisFailing) {
      Log.info("Outbox relay: Redis is back; relaying the waiting jobs");
      redisFailing = false;
    }
    outbox.markSent(rows.stream().map(r -> r.id).toList(), clock.instant());
    metrics.outboxRelayed(rows.size());
    return rows.size();
  }

  /** Every row's marker and XADD, in row order, in one pipelined round trip; throws unless Redis took all. */
  private void handOff(List<OutboxEntry> rows) {
    String markerTtl = Long.toString(config.queuedMarkerTtl().toMillis());
    String maxLength = Long.toString(config.streamMaxLength());
    var commands = new ArrayList<Request>(rows.size() * 2);
    for (OutboxEntry row : rows) {
      commands.add(Request.cmd(Command.SET).arg(StreamKeys.activeMarker(row.targetId)).arg(QUEUED_MARKER)
          .arg("PX").arg(markerTtl));
      Request xadd = Request.cmd(Command.XADD).arg(row.stream).arg("MAXLEN").arg("~").arg(maxLength).arg("*");
      row.fields.forEach((name, value) -> xadd.arg(name).arg(value));
      commands.add(xadd);
    }
    redis.getReactive().getRedis().batch(commands).await().atMost(REDIS_TIMEOUT);
  }
}
