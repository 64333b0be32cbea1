package io.herald.content.schedule;

import io.herald.content.config.ContentConfig;
import io.herald.content.post.Post;
import io.herald.content.post.PostRepository;
import io.herald.content.post.PostTarget;
import io.herald.content.post.TargetRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every {@code herald.content.scheduler.pause} (at once while there is more): marks the due SCHEDULED targets QUEUED
 * with their next attempt number and writes their outbox rows, up to {@code batch-size} per round, in one
 * transaction of four statements whatever the batch size (the move returning the moved targets, their posts, the
 * batched outbox insert, the commit). Targets are taken {@code FOR UPDATE SKIP LOCKED}, so any number of replicas can
 * run it. The commit wakes the outbox relay.
 */
@ApplicationScoped
public class DueTargetScheduler {
  private final TargetRepository targets;
  private final PostRepository posts;
  private final Outbox outbox;
  private final ContentConfig config;
  private final Clock clock = Clock.systemUTC();

  DueTargetScheduler(TargetRepository targets, PostRepository posts, Outbox outbox, ContentConfig config) {
    this.targets = targets;
    this.posts = posts;
    this.outbox = outbox;
    this.config = config;
  }

  /** One round of the loop; answers the wait before the next. */
  Duration round() {
    return queueDue(clock.instant()) == config.scheduler().batchSize() ? Duration.ZERO : config.scheduler().pause();
  }

  /** Queues the targets due at {@code now} (up to the batch size); answers how many. */
  @Transactional
  public int queueDue(Instant now) {
    List<PostTarget> queued = targets.queueDue(now, config.scheduler().batchSize());
    if (queued.isEmpty()) {
      return 0;
    }
    Map<UUID, Post> postsById = posts.byIds(queued.stream().map(t -> t.postId).distinct().toList());
    for (PostTarget target : queued) {
      outbox.enqueue(postsById.get(target.postId), target, target.attempt, false, now);
    }
    return queued.size();
  }
}
