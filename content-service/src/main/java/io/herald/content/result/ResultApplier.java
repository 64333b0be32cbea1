package io.herald.content.result;

import io.herald.common.stream.JobOperation;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultMessage.FirstCommentOutcome;
import io.herald.common.stream.ResultMessage.FirstCommentStatus;
import io.herald.common.stream.ResultOutcome;
import io.herald.content.account.AccountsClient;
import io.herald.content.metrics.ContentMetrics.IgnoredResult;
import io.herald.content.post.AttemptRepository;
import io.herald.content.post.PostTarget;
import io.herald.content.post.TargetMove;
import io.herald.content.post.TargetMove.Change;
import io.herald.content.post.TargetOperation;
import io.herald.content.post.TargetRepository;
import io.herald.content.post.TargetStatus;
import io.herald.content.webhook.AccountNotices;
import io.herald.content.webhook.WebhookEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Applies results to their targets, idempotently: a result applies only if its attempt is at least the target's and
 * its move ({@link TargetMove}) starts from the target's state, so a result never moves a target backwards, an older
 * attempt never overwrites a newer one and nothing touches a PUBLISHED target but the missing ids of a later
 * PUBLISHED result. Every result is appended to the attempt history, applied or not. A first comment's outcome
 * ({@link ResultMessage#firstComment()}) of a current attempt is kept on the target, whether or not the result moves
 * it (a re-emitted final result may bring it). An applied NEEDS_REAUTH result announces {@code account.needs_reauth}
 * unless the account's change was announced already ({@link AccountNotices}: by auth-service's event of it, or by
 * another target's result).
 */
@ApplicationScoped
public class ResultApplier {
  private final TargetRepository targets;
  private final AttemptRepository attempts;
  private final WebhookEvents webhooks;
  private final AccountsClient accounts;
  private final AccountNotices notices;
  private final Clock clock = Clock.systemUTC();

  ResultApplier(TargetRepository targets, AttemptRepository attempts, WebhookEvents webhooks,
      AccountsClient accounts, AccountNotices notices) {
    this.targets = targets;
    this.attempts = attempts;
    this.webhooks = webhooks;
    this.accounts = accounts;
    this.notices = notices;
  }

  /** Applies the result with its post and target locked; answers why it changed nothing, or empty if it applied. */
  @Transactional
  public Optional<IgnoredResult> apply(ResultMessage result) {
    return applyAll(List.of(result)).getFirst();
  }

  /**
   * Applies results in arrival order in one transaction, with every post concerned and all its targets locked
   * (posts first, in id order, like every writer); answers per result why it changed nothing, or empty if it
   * applied. The same as applying them one by one in order, at a fixed number of statements for the batch: the
   * locks (two), the attempt history (one), webhooks (one read, one batched insert) and the target updates.
   */
  @Transactional
  public List<Optional<IgnoredResult>> applyAll(List<ResultMessage> results) {
    Instant now = clock.instant();
    List<PostTarget> locked = targets.lockWithPosts(results.stream().map(ResultMessage::targetId).distinct().toList());
    Map<UUID, PostTarget> byId = locked.stream().collect(Collectors.toMap(t -> t.id, t -> t));
    Map<UUID, List<PostTarget>> byPost = locked.stream().collect(Collectors.groupingBy(t -> t.postId));
    var events = webhooks.recorder(locked.stream().map(t -> t.tenantId).distinct().toList());
    var history = new ArrayList<AttemptRepository.Entry>(results.size());
    var outcomes = new ArrayList<Optional<IgnoredResult>>(results.size());
    for (ResultMessage result : results) {
      PostTarget target = byId.get(result.targetId());
      if (target == null) {
        outcomes.add(Optional.of(IgnoredResult.UNKNOWN_TARGET));
        continue;
      }
      if (result.operation() != null) {
        boolean applied = operationReported(result, target, events, now);
        if (applied && result.outcome() == ResultOutcome.NEEDS_REAUTH) {
          reauthNeeded(result, target, events, now);
        }
        history.add(new AttemptRepository.Entry(target, result, applied, null, now));
        outcomes.add(applied ? Optional.empty() : Optional.of(IgnoredResult.STALE));
        continue;
      }
      TargetStatus before = target.status;
      boolean current = result.attempt() >= target.attempt;
      boolean commented = current && firstCommentReported(result, target, events, now);
      boolean applied = current && !redundant(result, target)
          && target.move(moveOf(result.outcome()), changeOf(result, target), now);
      history.add(new AttemptRepository.Entry(target, result, applied || commented, null, now));
      if (!applied) {
        outcomes.add(commented ? Optional.empty() : Optional.of(IgnoredResult.STALE));
        continue;
      }
      if (result.outcome() == ResultOutcome.NEEDS_REAUTH) {
        reauthNeeded(result, target, events, now);
      }
      events.targetMoved(target, before, byPost.get(target.postId), now);
      outcomes.add(Optional.empty());
    }
    attempts.recordAll(history);
    return outcomes;
  }

  /**
   * An applied NEEDS_REAUTH result (of a publish, an edit or a delete): {@code account.needs_reauth} unless the
   * account's change was announced already, and the account's cached state is dropped.
   */
  private void reauthNeeded(ResultMessage result, PostTarget target, WebhookEvents.Recorder events, Instant now) {
    if (notices.claim(target.tenantId, target.socialAccountId, WebhookEvents.ACCOUNT_NEEDS_REAUTH,
        result.at() != null ? result.at() : now)) {
      var data = new LinkedHashMap<String, Object>();
      data.put("socialAccountId", target.socialAccountId);
      data.put("platform", target.platform);
      data.put("postId", target.postId);
      data.put("targetId", target.id);
      data.put("reason", result.errorMessage());
      events.emit(target.tenantId, WebhookEvents.ACCOUNT_NEEDS_REAUTH, data, now);
    }
    // Evicted now rather than after the commit: at worst the account is looked up once more.
    accounts.invalidate(target.socialAccountId);
  }

  /**
   * Records what became of an edit or delete of the target's published post: only a result of the operation the
   * target waits for (its id) applies, once (a re-emitted result finds it settled). DONE sets an edit's text as the
   * target's own, or moves the target to DELETED ({@link TargetMove#UNPUBLISH}); FAILED and UNKNOWN_OUTCOME leave the
   * post as it was and say why; NEEDS_REAUTH (the platform refused the account's token or permission) is FAILED with
   * the code {@code needs_reauth}, as a publish's target shows it, and the account's reauth is announced by the
   * caller. RETRY_SCHEDULED only goes to the history. Fires {@code post.target_edited}, {@code post.target_deleted}
   * or {@code post.target_operation_failed}.
   */
  private static boolean operationReported(ResultMessage result, PostTarget target, WebhookEvents.Recorder events,
      Instant now) {
    if (!result.operation().id().equals(target.operationId) || !target.operationPending()) {
      return false;
    }
    String event;
    switch (result.outcome()) {
      case PUBLISHED -> {
        if (result.operation().kind() == JobOperation.Kind.DELETE) {
          if (!target.move(TargetMove.UNPUBLISH, Change.error(target.attempt, null, null), now)) {
            return false;
          }
          target.deletedAt = result.at();
          event = WebhookEvents.POST_TARGET_DELETED;
        } else {
          target.text = target.operationText;
          event = WebhookEvents.POST_TARGET_EDITED;
        }
        target.operationStatus = TargetOperation.Status.DONE;
        target.operationErrorCode = null;
        target.operationErrorMessage = null;
      }
      case FAILED, NEEDS_REAUTH, UNKNOWN_OUTCOME -> {
        target.operationStatus = result.outcome() == ResultOutcome.UNKNOWN_OUTCOME
            ? TargetOperation.Status.UNKNOWN_OUTCOME : TargetOperation.Status.FAILED;
        target.operationErrorCode = result.outcome() == ResultOutcome.NEEDS_REAUTH ? "needs_reauth"
            : orElse(result.errorCode(), "unknown");
        target.operationErrorMessage = result.errorMessage();
        event = WebhookEvents.POST_TARGET_OPERATION_FAILED;
      }
      default -> {
        return false;
      }
    }
    var data = new LinkedHashMap<String, Object>();
    data.put("postId", target.postId);
    data.put("targetId", target.id);
    data.put("socialAccountId", target.socialAccountId);
    data.put("platform", target.platform);
    data.put("externalId", target.externalId);
    data.put("operationId", target.operationId);
    data.put("operation", target.operation);
    data.put("status", target.operationStatus);
    if (target.operation == JobOperation.Kind.EDIT) {
      data.put("text", target.operationText);
    }
    if (target.operationErrorCode != null) {
      data.put("error", Map.of("code", target.operationErrorCode,
          "message", target.operationErrorMessage == null ? "" : target.operationErrorMessage));
    }
    events.emit(target.tenantId, event, data, now);
    return true;
  }

  /**
   * Keeps the first comment's outcome a current result reports (it comes with the target's final result, and again
   * if that result is re-emitted), and tells the tenant ({@code post.first_comment_failed}) when it turns FAILED or
   * UNKNOWN_OUTCOME; answers whether it changed anything.
   */
  private static boolean firstCommentReported(ResultMessage result, PostTarget target, WebhookEvents.Recorder events,
      Instant now) {
    FirstCommentOutcome reported = result.firstComment();
    if (reported == null || reported.equals(target.firstComment)) {
      return false;
    }
    FirstCommentStatus before = target.firstComment == null ? null : target.firstComment.status();
    target.firstComment = reported;
    if (reported.status() != FirstCommentStatus.PUBLISHED && reported.status() != before) {
      var data = new LinkedHashMap<String, Object>();
      data.put("postId", target.postId);
      data.put("targetId", target.id);
      data.put("socialAccountId", target.socialAccountId);
      data.put("platform", target.platform);
      data.put("externalId", target.externalId != null ? target.externalId : result.externalId());
      data.put("status", reported.status());
      data.put("error", reported.error());
      events.emit(target.tenantId, WebhookEvents.POST_FIRST_COMMENT_FAILED, data, now);
    }
    return true;
  }

  /** A PUBLISHED result for a PUBLISHED target changes something only when it brings an id or URL still missing. */
  private static boolean redundant(ResultMessage result, PostTarget target) {
    return result.outcome() == ResultOutcome.PUBLISHED && target.status == TargetStatus.PUBLISHED
        && !(target.externalId == null && result.externalId() != null)
        && !(target.externalUrl == null && result.externalUrl() != null);
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
      case PROCESSING -> Change.error(attempt, target.lastErrorCode, target.lastErrorMessage);
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
