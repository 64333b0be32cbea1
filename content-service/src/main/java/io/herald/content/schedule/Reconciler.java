package io.herald.content.schedule;

import io.herald.common.stream.StreamKeys;
import io.herald.content.config.ContentConfig;
import io.herald.content.metrics.ContentMetrics;
import io.herald.content.post.IdempotencyRepository;
import io.herald.content.post.Post;
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
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every {@code reconcile-every} (5 s): brings back lost jobs. A target QUEUED or PUBLISHING for longer than
 * {@code reconcile-after}, whose job left the outbox and whose job marker ({@code herald:{jobs}:active:<target>}) is
 * gone from Redis, has lost its job (Redis restarted empty, a worker died): its job is written to the outbox again
 * (same target, same attempt, and {@code resendConfirmed} if the user confirmed that attempt); the worker's ledger
 * keeps the publish single. An edit or delete of a published target still PENDING {@code reconcile-after} after its
 * job was written, without a marker, has lost its job the same way: the job is written again with the same operation
 * id, which the worker's operation ledger keeps to one platform call. A target whose marker exists (its job is in a
 * stream, in the delayed set or in a worker's hands) is left alone. While Redis is unreachable the round is skipped.
 * Also refreshes {@code herald_targets_unknown_outcome} and forgets expired idempotency keys and long-sent outbox rows.
 */
@ApplicationScoped
public class Reconciler {
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

  /**
   * Enqueues again every publish and every edit or delete whose job was lost before {@code now - reconcile-after};
   * answers how many.
   */
  public int requeueLost(Instant now) {
    return requeueAll(after -> requeueBatch(now, after)) + requeueAll(after -> requeueOperationsBatch(now, after));
  }

  /** Runs batches, each in a transaction of its own, until one comes short of {@link #BATCH}; answers the requeued. */
  private static int requeueAll(Function<Position, Batch> nextBatch) {
    int total = 0;
    Batch batch = new Batch(0, 0, Position.START);
    do {
      Position after = batch.last();
      batch = QuarkusTransaction.requiringNew().call(() -> nextBatch.apply(after));
      total += batch.requeued();
    } while (batch.seen() == BATCH);
    return total;
  }

  /** One batch of candidates; a batch short of {@link #BATCH} ends the round (also one skipped as Redis failed). */
  private record Batch(int requeued, int seen, Position last) {}

  private Batch requeueBatch(Instant now, Position after) {
    return requeue(targets.lockInFlight(now.minus(config.reconcileAfter()), after, BATCH), after,
        target -> new Position(target.statusChangedAt, target.id), (post, target) -> {
          Log.infof("Reconciler: target %s %s since %s has no job in Redis; enqueued again (attempt %d)", target.id,
              target.status, target.statusChangedAt, target.attempt);
          outbox.enqueue(post, target, target.attempt, target.resendConfirmed(), now);
          target.statusChangedAt = now;
        });
  }

  private Batch requeueOperationsBatch(Instant now, Position after) {
    return requeue(targets.lockOperationsInFlight(now.minus(config.reconcileAfter()), after, BATCH), after,
        target -> new Position(target.operationEnqueuedAt, target.id), (post, target) -> {
          Log.infof("Reconciler: %s %s of target %s, its job written at %s, has no job in Redis; enqueued again",
              target.operation, target.operationId, target.id, target.operationEnqueuedAt);
          outbox.enqueueOperation(post, target, now);
          target.operationEnqueuedAt = now;
        });
  }

  /**
   * Enqueues again, with {@code enqueueAgain}, the candidates whose job marker is gone from Redis (read in one MGET);
   * {@code positionOf} says where a candidate stands in the batches' order. While Redis cannot be read the batch is
   * skipped (and looked at again once it is back).
   */
  private Batch requeue(List<PostTarget> candidates, Position after, Function<PostTarget, Position> positionOf,
      BiConsumer<Post, PostTarget> enqueueAgain) {
    if (candidates.isEmpty()) {
      return new Batch(0, 0, after);
    }
    Position last = positionOf.apply(candidates.getLast());
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
    for (PostTarget target : lost) {
      enqueueAgain.accept(postsById.get(target.postId), target);
      metrics.reconcilerRequeued();
    }
    return new Batch(lost.size(), candidates.size(), last);
  }
}
