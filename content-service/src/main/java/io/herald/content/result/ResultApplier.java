package io.herald.content.result;

import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.content.account.AccountsClient;
import io.herald.content.post.PostRepository;
import io.herald.content.post.PostTarget;
import io.herald.content.post.TargetMove;
import io.herald.content.post.TargetMove.Change;
import io.herald.content.post.TargetStatus;
import io.herald.content.webhook.WebhookEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Applies one result to its target, idempotently: a result applies only if its attempt is at least the target's and
 * its move ({@link TargetMove}) starts from the target's state, so a result never moves a target backwards, an older
 * attempt never overwrites a newer one and nothing touches a PUBLISHED target but the missing ids of a later
 * PUBLISHED result. Every result is appended to the attempt history, applied or not.
 */
@ApplicationScoped
public class ResultApplier {
  /** What became of a result. */
  public enum Effect {
    APPLIED,
    STALE,
    UNKNOWN_TARGET
  }

  private final PostRepository posts;
  private final WebhookEvents webhooks;
  private final AccountsClient accounts;
  private final MeterRegistry metrics;
  private final Clock clock = Clock.systemUTC();

  ResultApplier(PostRepository posts, WebhookEvents webhooks, AccountsClient accounts, MeterRegistry metrics) {
    this.posts = posts;
    this.webhooks = webhooks;
    this.accounts = accounts;
    this.metrics = metrics;
    for (ResultOutcome outcome : ResultOutcome.values()) {
      metrics.counter("herald_results_applied_total", "outcome", outcome.name());
    }
  }

  public Effect apply(ResultMessage result) {
    Instant now = clock.instant();
    var account = new AtomicReference<UUID>();
    var effect = QuarkusTransaction.requiringNew().call(() -> {
      Optional<PostTarget> locked = posts.lockTarget(result.targetId());
      if (locked.isEmpty()) {
        return Effect.UNKNOWN_TARGET;
      }
      PostTarget target = locked.get();
      account.set(target.socialAccountId());
      boolean applied = result.attempt() >= target.attempt() && !redundant(result, target)
          && posts.move(target.id(), moveOf(result.outcome()), changeOf(result, target), now);
      posts.recordAttempt(target, result, applied, null, now);
      if (!applied) {
        return Effect.STALE;
      }
      if (result.outcome() == ResultOutcome.NEEDS_REAUTH) {
        var data = new LinkedHashMap<String, Object>();
        data.put("socialAccountId", target.socialAccountId());
        data.put("platform", target.platform());
        data.put("postId", target.postId());
        data.put("targetId", target.id());
        data.put("reason", result.errorMessage());
        webhooks.emit(target.tenantId(), WebhookEvents.ACCOUNT_NEEDS_REAUTH, data, now);
      }
      webhooks.targetMoved(target, now);
      return Effect.APPLIED;
    });
    if (effect == Effect.APPLIED) {
      metrics.counter("herald_results_applied_total", "outcome", result.outcome().name()).increment();
      if (result.outcome() == ResultOutcome.NEEDS_REAUTH) {
        accounts.invalidate(account.get());
      }
    } else {
      metrics.counter("herald_results_ignored_total", "reason", effect.name().toLowerCase(Locale.ROOT)).increment();
    }
    return effect;
  }

  /** A PUBLISHED result for a PUBLISHED target changes something only when it brings an id or URL still missing. */
  private static boolean redundant(ResultMessage result, PostTarget target) {
    return result.outcome() == ResultOutcome.PUBLISHED && target.status() == TargetStatus.PUBLISHED
        && !(target.externalId() == null && result.externalId() != null)
        && !(target.externalUrl() == null && result.externalUrl() != null);
  }

  private static TargetMove moveOf(ResultOutcome outcome) {
    return switch (outcome) {
      case PROCESSING, RETRY_SCHEDULED -> TargetMove.PROGRESS;
      case PUBLISHED -> TargetMove.PUBLISH;
      case FAILED, NEEDS_REAUTH -> TargetMove.FAIL;
      case UNKNOWN_OUTCOME -> TargetMove.UNKNOWN;
    };
  }

  private static Change changeOf(ResultMessage result, PostTarget target) {
    int attempt = result.attempt();
    return switch (result.outcome()) {
      case PROCESSING -> Change.error(attempt, target.lastErrorCode(), target.lastErrorMessage());
      case RETRY_SCHEDULED -> Change.error(attempt, result.errorCode(), result.errorMessage());
      case PUBLISHED -> Change.published(attempt, result.externalId(), result.externalUrl(), result.at());
      case FAILED -> Change.error(attempt, orElse(result.errorCode(), "unknown"), result.errorMessage());
      case NEEDS_REAUTH -> Change.error(attempt, "needs_reauth", result.errorMessage());
      case UNKNOWN_OUTCOME -> Change.error(attempt, orElse(result.errorCode(), "unknown_outcome"),
          result.errorMessage());
    };
  }

  private static String orElse(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
