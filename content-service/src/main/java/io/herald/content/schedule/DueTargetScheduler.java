package io.herald.content.schedule;

import io.herald.content.config.ContentConfig;
import io.herald.content.post.PostRepository;
import io.herald.content.post.PostTarget;
import io.herald.content.post.TargetMove;
import io.herald.content.post.TargetMove.Change;
import io.herald.content.post.TargetRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every ~250 ms (at once while there is more): takes due SCHEDULED targets ({@code FOR UPDATE SKIP LOCKED}, so any
 * number of replicas can run it), marks them QUEUED with their next attempt number and writes their outbox rows, in
 * one transaction.
 */
@ApplicationScoped
public class DueTargetScheduler {
  static final Duration PAUSE = Duration.ofMillis(250);

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
  @Transactional
  Duration round() {
    return queueDue(clock.instant()) == config.scheduler().batchSize() ? Duration.ZERO : PAUSE;
  }

  /** Queues the targets due at {@code now} (up to the batch size); answers how many. */
  @Transactional
  public int queueDue(Instant now) {
    List<PostTarget> due = targets.lockDue(now, config.scheduler().batchSize());
    for (PostTarget target : due) {
      int attempt = target.attempt + 1;
      if (target.move(TargetMove.QUEUE, Change.attempt(attempt), now)) {
        outbox.enqueue(posts.findById(target.postId), target, attempt, false, now);
      }
    }
    return due.size();
  }
}
