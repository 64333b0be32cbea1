package io.herald.content.schedule;

import io.herald.common.stream.StreamKeys;
import io.herald.content.config.ContentConfig;
import io.herald.content.metrics.ContentMetrics;
import io.herald.content.post.IdempotencyRepository;
import io.herald.content.post.PostRepository;
import io.herald.content.post.PostTarget;
import io.herald.content.post.TargetRepository;
import io.herald.content.post.TargetRepository.Position;
import io.herald.content.post.TargetStatus;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every 5 s: brings back lost jobs. A target QUEUED or PUBLISHING for longer than {@code reconcile-after}, whose job
 * left the outbox and whose job marker ({@code herald:{jobs}:active:<target>}) is gone from Redis, has lost its job
 * (Redis restarted empty, a worker died): its job is written to the outbox again (same target, same attempt, and
 * {@code resendConfirmed} if the user confirmed that attempt); the worker's ledger keeps the publish single. A target
 * whose marker exists (its job is in a stream, in the delayed set or in a worker's hands) is left alone. While Redis
 * is unreachable the round is skipped. Also refreshes {@code herald_targets_unknown_outcome} and forgets expired
 * idempotency keys and long-sent outbox rows.
 */
@ApplicationScoped
public class Reconciler {
  static final Duration PAUSE = Duration.ofSeconds(5);
  static final int BATCH = 200;

  private final TargetRepository targets;
  private final PostRepository posts;
  private final Outbox outbox;
  private final IdempotencyRepository idempotency;
  private final RedisDataSource redis;
  private final ContentConfig config;
  private final ContentMetrics metrics;
  private final Clock clock = Clock.systemUTC();
  private volatile boolean redisFailing;

  Reconciler(TargetRepository targets, PostRepository posts, Outbox outbox, IdempotencyRepository idempotency,
      RedisDataSource redis, ContentConfig config, ContentMetrics metrics) {
    this.targets = targets;
    this.posts = posts;
    this.outbox = outbox;
    this.idempotency = idempotency;
    this.redis = redis;
    this.config = config;
    this.metrics = metrics;
  }

  /** One round of the loop. Each batch, and the housekeeping, commits on its own: a long round holds no locks. */
  void round() {
    Instant now = clock.instant();
    requeueLost(now);
    QuarkusTransaction.requiringNew().run(() -> {
      metrics.targetsUnknownOutcome(targets.countInStatus(TargetStatus.UNKNOWN_OUTCOME));
      idempotency.purgeBefore(now.minus(config.idempotencyTtl()));
      outbox.purgeSentBefore(now.minus(Duration.ofDays(7)));
    });
  }

  /** Enqueues again every target whose job was lost before {@code now - reconcile-after}; answers how many. */
  public int requeueLost(Instant now) {
    int total = 0;
    Batch batch = new Batch(0, 0, Position.START);
    do {
      Position after = batch.last();
      batch = QuarkusTransaction.requiringNew().call(() -> requeueBatch(now, after));
      total += batch.requeued();
    } while (batch.seen() == BATCH);
    return total;
  }

  /** One batch of candidates; a batch short of {@link #BATCH} ends the round (also one skipped as Redis failed). */
  private record Batch(int requeued, int seen, Position last) {}

  private Batch requeueBatch(Instant now, Position after) {
    List<PostTarget> candidates = targets.lockInFlight(now.minus(config.reconcileAfter()), after, BATCH);
    if (candidates.isEmpty()) {
      return new Batch(0, 0, after);
    }
    PostTarget lastCandidate = candidates.getLast();
    Position last = new Position(lastCandidate.statusChangedAt, lastCandidate.id);
    Map<String, String> markers;
    try {
      markers = redis.value(String.class)
          .mget(candidates.stream().map(t -> StreamKeys.activeMarker(t.id)).toArray(String[]::new));
    } catch (RuntimeException e) {
      if (!redisFailing) {
        Log.warnf("Reconciler: Redis unavailable (%s); lost jobs are looked for once it is back", e.toString());
      }
      redisFailing = true;
      return new Batch(0, 0, after);
    }
    if (redisFailing) {
      Log.info("Reconciler: Redis is back");
      redisFailing = false;
    }
    List<PostTarget> lost = candidates.stream()
        .filter(target -> markers.get(StreamKeys.activeMarker(target.id)) == null).toList();
    var postsById = posts.byIds(lost.stream().map(t -> t.postId).distinct().toList());
    int requeued = 0;
    for (PostTarget target : lost) {
      Log.infof("Reconciler: target %s %s since %s has no job in Redis; enqueued again (attempt %d)", target.id,
          target.status, target.statusChangedAt, target.attempt);
      outbox.enqueue(postsById.get(target.postId), target, target.attempt, target.resendConfirmed(), now);
      target.statusChangedAt = now;
      metrics.reconcilerRequeued();
      requeued++;
    }
    return new Batch(requeued, candidates.size(), last);
  }
}
