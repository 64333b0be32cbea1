package io.herald.content.result;

import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.content.account.AccountsClient;
import io.herald.content.db.Sql;
import io.herald.content.post.PostRepository;
import io.herald.content.post.PostStatus;
import io.herald.content.post.PostTarget;
import io.herald.content.post.TargetStatus;
import io.herald.content.webhook.WebhookEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Applies one result to its target, idempotently: a result never moves a target backwards and an older attempt
 * never overwrites a newer one (architecture section 7). Every result is appended to the attempt history.
 */
@ApplicationScoped
public class ResultApplier {
  /** What became of a result. */
  public enum Effect {
    APPLIED,
    STALE,
    UNKNOWN_TARGET
  }

  private final Sql sql;
  private final PostRepository posts;
  private final WebhookEvents webhooks;
  private final AccountsClient accounts;
  private final MeterRegistry metrics;
  private final Clock clock = Clock.systemUTC();

  ResultApplier(Sql sql, PostRepository posts, WebhookEvents webhooks, AccountsClient accounts, MeterRegistry metrics) {
    this.sql = sql;
    this.posts = posts;
    this.webhooks = webhooks;
    this.accounts = accounts;
    this.metrics = metrics;
  }

  public Effect apply(ResultMessage result) {
    Instant now = clock.instant();
    var account = new AtomicReference<UUID>();
    var outcome = QuarkusTransaction.requiringNew().call(() -> {
      Optional<PostTarget> locked = sql.one("select " + PostRepository.TARGET_COLUMNS
          + " from post_targets t where t.id = ? for update", posts::target, result.targetId());
      if (locked.isEmpty()) {
        return Effect.UNKNOWN_TARGET;
      }
      PostTarget target = locked.get();
      account.set(target.socialAccountId());
      boolean applies = result.attempt() >= target.attempt() && target.status().inFlight();
      sql.update("""
          insert into attempts (tenant_id, post_id, target_id, attempt, outcome, external_id, external_url, error_code,
                                error_message, at, applied, recorded_at)
          values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""",
          target.tenantId(), target.postId(), target.id(), result.attempt(), result.outcome(), result.externalId(),
          result.externalUrl(), result.errorCode(), result.errorMessage(), result.at(), applies, now);
      if (!applies) {
        return Effect.STALE;
      }
      PostStatus before = statusOf(target);
      switch (result.outcome()) {
        case PROCESSING -> sql.update("update post_targets set status = 'PUBLISHING', attempt = ?, status_changed_at = ? "
            + "where id = ?", result.attempt(), now, target.id());
        case RETRY_SCHEDULED -> sql.update("update post_targets set status = 'PUBLISHING', attempt = ?, "
                + "status_changed_at = ?, last_error_code = ?, last_error_message = ? where id = ?",
            result.attempt(), now, result.errorCode(), result.errorMessage(), target.id());
        case PUBLISHED -> sql.update("update post_targets set status = 'PUBLISHED', attempt = ?, status_changed_at = ?, "
                + "external_id = ?, external_url = ?, published_at = ?, last_error_code = null, last_error_message = null "
                + "where id = ?",
            result.attempt(), now, result.externalId(), result.externalUrl(), result.at(), target.id());
        case FAILED -> fail(target, result, result.errorCode(), now);
        case NEEDS_REAUTH -> {
          fail(target, result, "needs_reauth", now);
          var data = new LinkedHashMap<String, Object>();
          data.put("socialAccountId", target.socialAccountId());
          data.put("platform", target.platform());
          data.put("postId", target.postId());
          data.put("targetId", target.id());
          data.put("reason", result.errorMessage());
          webhooks.emit(target.tenantId(), WebhookEvents.ACCOUNT_NEEDS_REAUTH, data, now);
        }
      }
      PostStatus after = statusOf(target);
      if (after != before && after.finished()) {
        webhooks.emit(target.tenantId(), eventOf(after), postEvent(target, after), now);
      }
      return Effect.APPLIED;
    });
    if (outcome == Effect.APPLIED) {
      metrics.counter("herald_results_applied_total", "outcome", result.outcome().name()).increment();
      if (result.outcome() == ResultOutcome.NEEDS_REAUTH) {
        accounts.invalidate(account.get());
      }
    } else {
      metrics.counter("herald_results_ignored_total", "reason", outcome.name().toLowerCase(java.util.Locale.ROOT))
          .increment();
    }
    return outcome;
  }

  private void fail(PostTarget target, ResultMessage result, String code, Instant now) {
    sql.update("update post_targets set status = 'FAILED', attempt = ?, status_changed_at = ?, last_error_code = ?, "
            + "last_error_message = ? where id = ?",
        result.attempt(), now, code == null ? "unknown" : code, result.errorMessage(), target.id());
  }

  private PostStatus statusOf(PostTarget target) {
    return PostStatus.derive(sql.query("select status from post_targets where post_id = ?",
        rs -> TargetStatus.valueOf(rs.getString("status")), target.postId()));
  }

  private Map<String, Object> postEvent(PostTarget target, PostStatus status) {
    var data = new LinkedHashMap<String, Object>();
    data.put("postId", target.postId());
    data.put("status", status);
    data.put("targets", posts.targets(target.postId()).stream().map(t -> {
      var view = new LinkedHashMap<String, Object>();
      view.put("id", t.id());
      view.put("socialAccountId", t.socialAccountId());
      view.put("platform", t.platform());
      view.put("status", t.status());
      view.put("externalId", t.externalId());
      view.put("externalUrl", t.externalUrl());
      view.put("errorCode", t.lastErrorCode());
      return view;
    }).toList());
    return data;
  }

  private static String eventOf(PostStatus status) {
    return switch (status) {
      case PUBLISHED -> WebhookEvents.POST_PUBLISHED;
      case FAILED -> WebhookEvents.POST_FAILED;
      default -> WebhookEvents.POST_PARTIALLY_PUBLISHED;
    };
  }
}
