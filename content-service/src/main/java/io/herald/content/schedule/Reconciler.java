package io.herald.content.schedule;

import io.herald.common.health.Heartbeats;
import io.herald.common.stream.StreamKeys;
import io.herald.content.config.ContentConfig;
import io.herald.content.post.IdempotencyStore;
import io.herald.content.post.Post;
import io.herald.content.post.PostRepository;
import io.herald.content.post.PostTarget;
import io.herald.content.post.TargetStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every 5 s: brings back lost jobs. A target QUEUED or PUBLISHING for longer than {@code reconcile-after}, whose job
 * left the outbox and whose job marker ({@code herald:jobs:active:<target>}) is gone from Redis, has lost its job
 * (Redis restarted empty, a worker died): its job is written to the outbox again (same target, same attempt, and
 * {@code resendConfirmed} if the user confirmed that attempt); the worker's ledger keeps the publish single. A target
 * whose marker exists (its job is in a stream, in the delayed set or in a worker's hands) is left alone. While Redis
 * is unreachable the round is skipped. Also refreshes {@code herald_targets_unknown_outcome} and forgets expired
 * idempotency keys and long-sent outbox rows.
 */
@ApplicationScoped
public class Reconciler {
  static final String LOOP = "reconciler";
  static final int BATCH = 200;
  private static final UUID FIRST_ID = new UUID(0, 0);

  private final PostRepository posts;
  private final Outbox outbox;
  private final IdempotencyStore idempotency;
  private final RedisDataSource redis;
  private final ContentConfig config;
  private final Heartbeats heartbeats;
  private final Counter requeued;
  private final AtomicLong unknownOutcome = new AtomicLong();
  private final Clock clock = Clock.systemUTC();
  private volatile boolean redisFailing;

  Reconciler(PostRepository posts, Outbox outbox, IdempotencyStore idempotency, RedisDataSource redis,
      ContentConfig config, Heartbeats heartbeats, MeterRegistry metrics) {
    this.posts = posts;
    this.outbox = outbox;
    this.idempotency = idempotency;
    this.redis = redis;
    this.config = config;
    this.heartbeats = heartbeats;
    this.requeued = metrics.counter("herald_reconciler_requeued_total");
    metrics.gauge("herald_targets_unknown_outcome", unknownOutcome);
  }

  void onStart(@Observes StartupEvent event, LoopRunner loops) {
    loops.start(LOOP, Duration.ofSeconds(5), this::round);
  }

  void round() {
    Instant now = clock.instant();
    requeueLost(now);
    QuarkusTransaction.requiringNew().run(() -> {
      unknownOutcome.set(posts.countInStatus(TargetStatus.UNKNOWN_OUTCOME));
      idempotency.purgeBefore(now.minus(config.idempotencyTtl()));
      outbox.purgeSentBefore(now.minus(Duration.ofDays(7)));
    });
  }

  /** Enqueues again every target whose job was lost before {@code now - reconcile-after}; answers how many. */
  public int requeueLost(Instant now) {
    int total = 0;
    Batch batch = new Batch(0, 0, null);
    do {
      PostTarget after = batch.last();
      batch = QuarkusTransaction.requiringNew().call(() -> requeueBatch(now, after));
      total += batch.requeued();
      heartbeats.beat(LOOP);
    } while (batch.seen() == BATCH);
    return total;
  }

  /** One batch of candidates; a batch short of {@link #BATCH} ends the round (also one skipped as Redis failed). */
  private record Batch(int requeued, int seen, PostTarget last) {}

  private Batch requeueBatch(Instant now, PostTarget after) {
    List<PostTarget> candidates = posts.lockInFlight(now.minus(config.reconcileAfter()),
        after == null ? Instant.EPOCH : after.statusChangedAt(), after == null ? FIRST_ID : after.id(), BATCH);
    if (candidates.isEmpty()) {
      return new Batch(0, 0, null);
    }
    Map<String, String> markers;
    try {
      markers = redis.value(String.class)
          .mget(candidates.stream().map(t -> StreamKeys.activeMarker(t.id())).toArray(String[]::new));
    } catch (RuntimeException e) {
      if (!redisFailing) {
        Log.warnf("Reconciler: Redis unavailable (%s); lost jobs are looked for once it is back", e.toString());
      }
      redisFailing = true;
      return new Batch(0, 0, null);
    }
    if (redisFailing) {
      Log.info("Reconciler: Redis is back");
      redisFailing = false;
    }
    int requeuedNow = 0;
    for (PostTarget target : candidates) {
      if (markers.get(StreamKeys.activeMarker(target.id())) != null) {
        continue;
      }
      Post post = posts.find(target.tenantId(), target.postId()).orElseThrow();
      outbox.enqueue(post, target, target.attempt(), target.resendConfirmed(), now);
      posts.touchInFlight(target.id(), now);
      requeued.increment();
      requeuedNow++;
      Log.infof("Reconciler: target %s %s since %s has no job in Redis; enqueued again (attempt %d)", target.id(),
          target.status(), target.statusChangedAt(), target.attempt());
    }
    return new Batch(requeuedNow, candidates.size(), candidates.get(candidates.size() - 1));
  }
}
