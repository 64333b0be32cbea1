package io.herald.content.schedule;

import io.herald.common.health.Heartbeats;
import io.herald.content.config.ContentConfig;
import io.herald.content.post.Post;
import io.herald.content.post.PostRepository;
import io.herald.content.post.PostTarget;
import io.herald.content.post.TargetMove;
import io.herald.content.post.TargetMove.Change;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every ~250 ms: takes due SCHEDULED targets ({@code FOR UPDATE SKIP LOCKED}, so any number of replicas can run it),
 * marks them QUEUED with their next attempt number and writes their outbox rows, in one transaction.
 */
@ApplicationScoped
public class DueTargetScheduler {
  static final String LOOP = "scheduler";

  private final PostRepository posts;
  private final Outbox outbox;
  private final ContentConfig config;
  private final Heartbeats heartbeats;
  private final Clock clock = Clock.systemUTC();

  DueTargetScheduler(PostRepository posts, Outbox outbox, ContentConfig config, Heartbeats heartbeats) {
    this.posts = posts;
    this.outbox = outbox;
    this.config = config;
    this.heartbeats = heartbeats;
  }

  void onStart(@Observes StartupEvent event, LoopRunner loops) {
    loops.start(LOOP, Duration.ofMillis(250), this::round);
  }

  void round() {
    queueDue(clock.instant());
  }

  /** One round: queues every target due at {@code now} (up to the batch size); answers how many. */
  public int queueDue(Instant now) {
    return QuarkusTransaction.requiringNew().call(() -> {
      List<PostTarget> due = posts.lockDue(now, config.scheduler().batchSize());
      Map<UUID, Post> byId = new HashMap<>();
      for (PostTarget target : due) {
        Post post = byId.computeIfAbsent(target.postId(),
            id -> posts.find(target.tenantId(), id).orElseThrow());
        int attempt = target.attempt() + 1;
        if (posts.move(target.id(), TargetMove.QUEUE, Change.attempt(attempt), now)) {
          outbox.enqueue(post, target, attempt, false, now);
        }
      }
      return due.size();
    });
  }
}
