package io.herald.publisher.operation;

import io.herald.common.loop.Backoff;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.JobOperation;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.credentials.AccountDisconnectedException;
import io.herald.publisher.credentials.AccountNotFoundException;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.credentials.CredentialsClient;
import io.herald.publisher.credentials.CredentialsUnavailableException;
import io.herald.publisher.credentials.NeedsReauthException;
import io.herald.publisher.facebook.FacebookClient;
import io.herald.publisher.facebook.FacebookErrors;
import io.herald.publisher.ledger.Ledger;
import io.herald.publisher.ledger.LedgerEntry;
import io.herald.publisher.ledger.LedgerState;
import io.herald.publisher.operation.OperationLedger.Row;
import io.herald.publisher.operation.OperationLedger.State;
import io.herald.publisher.publish.Decision;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.publish.PlatformResponse;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Carries out an edit or delete of a published Facebook post exactly once, from its row in {@link OperationLedger}:
 * DONE, FAILED and UNKNOWN rows only repeat their result; a READY row moves to SENDING (committed) before the one
 * Graph call that changes the post; a SENDING row, whose answer was lost or whose worker died before writing it down,
 * is settled by reading the post by id once the call can no longer be under way
 * ({@code herald.publisher.retry.reconcile-delay}): an edit whose text reads back is DONE, any other text is UNKNOWN
 * (it is never sent again blindly: someone may have edited the post since); a delete whose post reads as gone (error
 * 100) is DONE, a post still there is deleted again (the read proves the first call did not delete it). A read that
 * is refused or fails (a permission or token error, a 5xx, a timeout) leaves the outcome UNKNOWN: never reported done,
 * never sent again. The platform refusing the Page's token or a permission (Graph 190, 10, 200-299) is reported to
 * auth-service as the account needing a reconnect, as a publish reports it, and settles the operation NEEDS_REAUTH.
 * TikTok has no edit or delete of a published post: such a job fails for good.
 */
@ApplicationScoped
public class OperationService {
  private final OperationLedger operations;
  private final Ledger ledger;
  private final CredentialsClient credentials;
  private final FacebookClient facebook;
  private final PublisherConfig config;
  private final Backoff backoff;

  OperationService(OperationLedger operations, Ledger ledger, CredentialsClient credentials, FacebookClient facebook,
      PublisherConfig config) {
    this.operations = operations;
    this.ledger = ledger;
    this.credentials = credentials;
    this.facebook = facebook;
    this.config = config;
    this.backoff = new Backoff(config.retry().initialDelay(), config.retry().maxDelay(), config.retry().jitter(),
        RandomGenerator.getDefault());
  }

  public Decision handle(JobMessage job) {
    Row row = operations.take(job);
    if (!row.tenantId().equals(job.tenantId())) {
      return Decision.done(outcome(job, ResultOutcome.FAILED, "operation_mismatch",
          "The operation belongs to another tenant"));
    }
    return switch (row.state()) {
      case DONE, FAILED, UNKNOWN -> reported(job, row.outcome(), row.errorCode(), row.errorMessage());
      case READY, SENDING -> withPost(job, row);
    };
  }

  private Decision withPost(JobMessage job, Row row) {
    if (job.platform() != Platform.FACEBOOK) {
      return settle(job, row, ResultOutcome.FAILED, "tiktok:operation_not_supported",
          "TikTok's Content Posting API cannot edit or delete a published post");
    }
    LedgerEntry entry = ledger.find(job.targetId()).orElse(null);
    if (entry == null || entry.state() != LedgerState.SENT || entry.externalId() == null) {
      return settle(job, row, ResultOutcome.FAILED, "not_published", "The target has no published post to change");
    }
    Credentials page;
    try {
      page = credentials.get(job.socialAccountId());
    } catch (CredentialsUnavailableException e) {
      return later(job, row, "auth_service_unavailable", e.getMessage());
    } catch (NeedsReauthException | AccountNotFoundException e) {
      return withoutAccount(job, row, e);
    }
    if (!job.tenantId().equals(page.tenantId())) {
      return settle(job, row, ResultOutcome.FAILED, "account_mismatch",
          "The social account does not belong to this tenant");
    }
    return row.state() == State.READY ? send(job, row, entry.externalId(), page)
        : reconcile(job, row, entry.externalId(), page);
  }

  /**
   * The account cannot be used (auth-service says it needs a reconnect, was disconnected or is gone): nothing can be
   * sent or read. Before the call the operation fails (NEEDS_REAUTH when a reconnect would let it run); after one
   * whose answer was lost its outcome is unknown, for the post cannot be read.
   */
  private Decision withoutAccount(JobMessage job, Row row, RuntimeException e) {
    String code = e instanceof NeedsReauthException ? "reauth_required"
        : e instanceof AccountDisconnectedException ? "account_disconnected" : "account_not_found";
    if (row.state() == State.SENDING) {
      return settle(job, row, ResultOutcome.UNKNOWN_OUTCOME, code, e.getMessage()
          + "; the post cannot be read to see whether the earlier call changed it");
    }
    return settle(job, row, e instanceof NeedsReauthException ? ResultOutcome.NEEDS_REAUTH : ResultOutcome.FAILED,
        code, e.getMessage());
  }

  private Decision send(JobMessage job, Row row, String postId, Credentials page) {
    if (!operations.startSending(row.operationId())) {
      return Decision.deferred(config.retry().heldTargetDelay());
    }
    Row sending = operations.find(row.operationId()).orElseThrow();
    try {
      if (job.kind() == JobOperation.Kind.EDIT) {
        facebook.edit(page, postId, job.payload().text());
      } else {
        facebook.delete(page, postId);
      }
      return settle(job, sending, ResultOutcome.PUBLISHED, null, null);
    } catch (PlatformFailure e) {
      if (job.kind() == JobOperation.Kind.DELETE && gone(e)) {
        return settle(job, sending, ResultOutcome.PUBLISHED, null, null);
      }
      PlatformError error = e.error();
      return switch (error.errorClass()) {
        case UNKNOWN_OUTCOME -> Decision.later(outcome(job, ResultOutcome.RETRY_SCHEDULED, error.code(),
            "The answer was lost; the post is read before anything is sent again"), config.retry().reconcileDelay());
        case TRANSIENT, THROTTLED -> {
          if (sending.tries() >= config.retry().maxTries()) {
            yield settle(job, sending, ResultOutcome.FAILED, error.code(), error.message());
          }
          // A definite passing refusal: nothing changed; the next run sends again.
          operations.back(row.operationId(), error.code(), error.message());
          yield Decision.later(outcome(job, ResultOutcome.RETRY_SCHEDULED, error.code(), error.message()),
              error.advisedWait() != null ? error.advisedWait() : backoff.delay(sending.tries()));
        }
        case AUTH -> {
          reportReauth(job, error);
          yield settle(job, sending, ResultOutcome.NEEDS_REAUTH, error.code(), error.message());
        }
        case PERMANENT -> settle(job, sending, ResultOutcome.FAILED, error.code(), error.message());
      };
    } catch (CircuitBreakerOpenException e) {
      // the breaker refused before anything was sent
      operations.back(row.operationId(), "facebook:circuit_open", e.getMessage());
      return Decision.deferred(config.retry().breakerOpenDelay());
    }
  }

  /**
   * A SENDING row: the call went out and its answer never reached the ledger (lost, or the worker died first). Once
   * the call is surely over, the post is read by id; only the platform's own word settles it.
   */
  private Decision reconcile(JobMessage job, Row row, String postId, Credentials page) {
    Instant settled = row.startedAt().plus(config.retry().reconcileDelay());
    if (Instant.now().isBefore(settled)) {
      return Decision.deferred(Duration.between(Instant.now(), settled));
    }
    try {
      var message = facebook.message(page, postId);
      if (job.kind() == JobOperation.Kind.DELETE) {
        // The post is still there after the call's window: the lost call did not delete it; delete it now.
        return operations.back(row.operationId(), null, null) ? send(job, operations.find(row.operationId())
            .orElseThrow(), postId, page) : Decision.deferred(config.retry().heldTargetDelay());
      }
      boolean edited = Objects.equals(message.orElse(null), job.payload().text());
      return edited ? settle(job, row, ResultOutcome.PUBLISHED, null, null)
          : settle(job, row, ResultOutcome.UNKNOWN_OUTCOME, "facebook:edit_unconfirmed",
              "The post's text is not the edited text; it may have been changed on Facebook since, so the edit"
                  + " is not sent again on its own");
    } catch (PlatformFailure e) {
      if (job.kind() == JobOperation.Kind.DELETE && gone(e)) {
        return settle(job, row, ResultOutcome.PUBLISHED, null, null);
      }
      PlatformError error = e.error();
      if (error.is(ErrorClass.THROTTLED)) {
        // Facebook asks to wait before reading: nothing was learnt and nothing is sent meanwhile.
        Duration wait = error.advisedWait() != null ? error.advisedWait() : config.retry().minThrottleDelay();
        return Decision.later(outcome(job, ResultOutcome.RETRY_SCHEDULED, error.code(), error.message()), wait);
      }
      if (error.is(ErrorClass.AUTH)) {
        reportReauth(job, error);
      }
      return settle(job, row, ResultOutcome.UNKNOWN_OUTCOME, error.code(), "Facebook did not show the post, so"
          + " whether the " + job.kind().name().toLowerCase() + " reached it is unknown: " + error.message());
    } catch (CircuitBreakerOpenException e) {
      return Decision.deferred(config.retry().breakerOpenDelay());
    }
  }

  /** The platform refused the Page's token or a permission: auth-service marks the account, as for a publish. */
  private void reportReauth(JobMessage job, PlatformError error) {
    Log.warnf("Facebook refused the token of account %s on an %s (%s): reported as needing a reconnect",
        job.socialAccountId(), job.kind().name().toLowerCase(), error.code());
    credentials.reportReauthRequired(job.socialAccountId(), error.reason());
  }

  /** The post does not exist (any more): Graph error 100 (subcode 33) or a 404. */
  private static boolean gone(PlatformFailure e) {
    return FacebookErrors.isMissingObject(e.error())
        || e.answer().map(PlatformResponse::status).filter(status -> status == 404).isPresent();
  }

  /**
   * Tries the job again later; a READY row whose sends were refused {@code retry.max-tries} times fails for good. A
   * SENDING row never fails here: its last call may have changed the post, so it waits to be read.
   */
  private Decision later(JobMessage job, Row row, String code, String message) {
    if (row.state() == State.READY && row.tries() >= config.retry().maxTries()) {
      return settle(job, row, ResultOutcome.FAILED, code, message);
    }
    return Decision.later(outcome(job, ResultOutcome.RETRY_SCHEDULED, code, message), backoff.delay(row.tries()));
  }

  /**
   * Moves the row to the final state of {@code result} and reports it; a row another run finished first reports what
   * it holds.
   */
  private Decision settle(JobMessage job, Row row, ResultOutcome result, String code, String message) {
    if (!operations.finish(row.operationId(), row.state(), result, code, message)) {
      Row now = operations.find(row.operationId()).orElseThrow();
      if (now.state() == State.READY || now.state() == State.SENDING) {
        return Decision.deferred(config.retry().heldTargetDelay());
      }
      return handle(job);
    }
    return reported(job, result, code, message);
  }

  /** The result of a settled operation: PUBLISHED for done, else the failure or unknown outcome with its reason. */
  private static Decision reported(JobMessage job, ResultOutcome result, String code, String message) {
    if (result == ResultOutcome.PUBLISHED) {
      return Decision.done(ResultMessage.published(job.targetId(), job.attempt(), null, null, Instant.now())
          .withTraceparent(job.traceparent()).forOperation(job.operation()));
    }
    return Decision.done(outcome(job, result, code, message));
  }

  private static ResultMessage outcome(JobMessage job, ResultOutcome outcome, String code, String message) {
    return ResultMessage.failure(job.targetId(), job.attempt(), outcome, code, message, Instant.now())
        .withTraceparent(job.traceparent()).forOperation(job.operation());
  }
}
