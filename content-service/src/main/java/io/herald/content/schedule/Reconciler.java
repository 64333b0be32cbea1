package io.herald.content.schedule;

import io.herald.content.config.ContentConfig;
import io.herald.content.db.Sql;
import io.herald.common.health.Heartbeats;
import io.herald.content.post.IdempotencyStore;
import io.herald.content.post.Post;
import io.herald.content.post.PostRepository;
import io.herald.content.post.PostTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Targets QUEUED or PUBLISHING for longer than {@code herald.content.reconcile-after} get their job written to the
 * outbox again (same target, same attempt), which covers a Redis that lost data; the worker's ledger keeps the
 * publish single. Also forgets expired idempotency keys and long-sent outbox rows.
 */
@ApplicationScoped
public class Reconciler {
  static final String LOOP = "reconciler";

  private final Sql sql;
  private final PostRepository posts;
  private final Outbox outbox;
  private final IdempotencyStore idempotency;
  private final ContentConfig config;
  private final Heartbeats heartbeats;
  private final Counter requeued;
  private final Clock clock = Clock.systemUTC();

  Reconciler(Sql sql, PostRepository posts, Outbox outbox, IdempotencyStore idempotency, ContentConfig config,
      Heartbeats heartbeats, MeterRegistry metrics) {
    this.sql = sql;
    this.posts = posts;
    this.outbox = outbox;
    this.idempotency = idempotency;
    this.config = config;
    this.heartbeats = heartbeats;
    this.requeued = metrics.counter("herald_reconciler_requeued_total");
  }

  void onStart(@Observes StartupEvent event, LoopRunner loops) {
    loops.start(LOOP, Duration.ofSeconds(5), this::round);
  }

  void round() {
    Instant now = clock.instant();
    requeueStuck(now);
    QuarkusTransaction.requiringNew().run(() -> {
      idempotency.purgeBefore(now.minus(config.idempotencyTtl()));
      outbox.purgeSentBefore(now.minus(Duration.ofDays(7)));
    });
  }

  /** Re-enqueues the targets stuck in flight since before {@code now - reconcile-after}; answers how many. */
  public int requeueStuck(Instant now) {
    return QuarkusTransaction.requiringNew().call(() -> {
      List<PostTarget> stuck = sql.query("select " + PostRepository.TARGET_COLUMNS + " from post_targets t "
              + "where t.status in ('QUEUED', 'PUBLISHING') and t.status_changed_at < ? "
              + "and not exists (select 1 from outbox o where o.target_id = t.id and o.sent_at is null) "
              + "order by t.status_changed_at limit 200 for update skip locked",
          posts::target, now.minus(config.reconcileAfter()));
      for (PostTarget target : stuck) {
        Post post = posts.find(target.tenantId(), target.postId()).orElseThrow();
        outbox.enqueue(post, target, target.attempt(), now);
        sql.update("update post_targets set status_changed_at = ? where id = ?", now, target.id());
        requeued.increment();
        Log.infof("Reconciler: target %s stuck in %s since %s, enqueued again (attempt %d)", target.id(),
            target.status(), target.statusChangedAt(), target.attempt());
      }
      return stuck.size();
    });
  }
}
