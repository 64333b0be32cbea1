package io.herald.publisher.operation;

import io.herald.common.loop.Backoff;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.JobOperation;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.credentials.CredentialsClient;
import io.herald.publisher.credentials.CredentialsUnavailableException;
import io.herald.publisher.facebook.FacebookClient;
import io.herald.publisher.facebook.FacebookErrors;
import io.herald.publisher.ledger.Ledger;
import io.herald.publisher.ledger.LedgerEntry;
import io.herald.publisher.ledger.LedgerState;
import io.herald.publisher.operation.OperationLedger.Row;
import io.herald.publisher.operation.OperationLedger.State;
import io.herald.publisher.publish.Decision;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.publish.PlatformResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Carries out an edit or delete of a published Facebook post exactly once, from its row in {@link OperationLedger}:
 * DONE, FAILED and UNKNOWN rows only repeat their result; a READY row moves to SENDING (committed) before the one
 * Graph call that changes the post; a SENDING row, whose answer was lost, is settled by reading the post by id once
 * the call can no longer be under way ({@code herald.publisher.retry.reconcile-delay}): an edit whose text reads back
 * is DONE, any other text is UNKNOWN (it is never sent again blindly: someone may have edited the post since); a
 * delete whose post reads as gone (error 100) is DONE, a post still there is deleted again (the read proves the
 * first call did not delete it). TikTok has no edit or delete of a published post: such a job fails for good.
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
        java.util.random.RandomGenerator.getDefault());
  }

  public Decision handle(JobMessage job) {
    Row row = operations.take(job);
    if (!row.tenantId().equals(job.tenantId())) {
      return result(job, ResultOutcome.FAILED, "operation_mismatch", "The operation belongs to another tenant");
    }
    return switch (row.state()) {
      case DONE -> done(job);
      case FAILED -> result(job, ResultOutcome.FAILED, row.errorCode(), row.errorMessage());
      case UNKNOWN -> result(job, ResultOutcome.UNKNOWN_OUTCOME, row.errorCode(), row.errorMessage());
      case READY, SENDING -> withPost(job, row);
    };
  }

  private Decision withPost(JobMessage job, Row row) {
    if (job.platform() != Platform.FACEBOOK) {
      return fail(job, row, "tiktok:operation_not_supported",
          "TikTok's Content Posting API cannot edit or delete a published post");
    }
    LedgerEntry entry = ledger.find(job.targetId()).orElse(null);
    if (entry == null || entry.state() != LedgerState.SENT || entry.externalId() == null) {
      return fail(job, row, "not_published", "The target has no published post to change");
    }
    Credentials page;
    try {
      page = credentials.get(job.socialAccountId());
    } catch (CredentialsUnavailableException e) {
      return later(job, row, "auth_service_unavailable", e.getMessage());
    } catch (RuntimeException e) {
      // needs a reconnect, disconnected, gone: nothing can be sent or read without the account
      String code = "account_unavailable";
      return row.state() == State.SENDING ? settle(job, row, State.UNKNOWN, code, e.getMessage())
          : fail(job, row, code, e.getMessage());
    }
    if (!job.tenantId().equals(page.tenantId())) {
      return fail(job, row, "account_mismatch", "The social account does not belong to this tenant");
    }
    return row.state() == State.READY ? send(job, row, entry.externalId(), page)
        : reconcile(job, row, entry.externalId(), page);
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
      return settle(job, sending, State.DONE, null, null);
    } catch (PlatformFailure e) {
      if (job.kind() == JobOperation.Kind.DELETE && gone(e)) {
        return settle(job, sending, State.DONE, null, null);
      }
      return switch (e.error().errorClass()) {
        case UNKNOWN_OUTCOME -> Decision.later(outcome(job, ResultOutcome.RETRY_SCHEDULED, e.error().code(),
            "The answer was lost; the post is read before anything is sent again"), config.retry().reconcileDelay());
        case TRANSIENT, THROTTLED -> {
          if (sending.tries() >= config.retry().maxTries()) {
            yield settle(job, sending, State.FAILED, e.error().code(), e.error().message());
          }
          // A definite passing refusal: nothing changed; the next run sends again.
          operations.back(row.operationId(), e.error().code(), e.error().message());
          yield Decision.later(outcome(job, ResultOutcome.RETRY_SCHEDULED, e.error().code(), e.error().message()),
              e.error().advisedWait() != null ? e.error().advisedWait() : backoff.delay(sending.tries()));
        }
        case AUTH, PERMANENT -> settle(job, sending, State.FAILED, e.error().code(), e.error().message());
      };
    } catch (CircuitBreakerOpenException e) {
      // the breaker refused before anything was sent
      operations.back(row.operationId(), "facebook:circuit_open", e.getMessage());
      return Decision.deferred(config.retry().breakerOpenDelay());
    }
  }

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
      return edited ? settle(job, row, State.DONE, null, null)
          : settle(job, row, State.UNKNOWN, "facebook:edit_unconfirmed",
              "The post's text is not the edited text; it may have been changed on Facebook since, so the edit"
                  + " is not sent again on its own");
    } catch (PlatformFailure e) {
      if (job.kind() == JobOperation.Kind.DELETE && gone(e)) {
        return settle(job, row, State.DONE, null, null);
      }
      if (e.error().is(ErrorClass.TRANSIENT) || e.error().is(ErrorClass.THROTTLED)
          || e.error().is(ErrorClass.UNKNOWN_OUTCOME)) {
        return Decision.later(outcome(job, ResultOutcome.RETRY_SCHEDULED, e.error().code(), e.error().message()),
            backoff.delay(row.tries()));
      }
      return settle(job, row, State.UNKNOWN, e.error().code(), e.error().message());
    } catch (CircuitBreakerOpenException e) {
      return Decision.deferred(config.retry().breakerOpenDelay());
    }
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
      return settle(job, row, State.FAILED, code, message);
    }
    return Decision.later(outcome(job, ResultOutcome.RETRY_SCHEDULED, code, message), backoff.delay(row.tries()));
  }

  private Decision fail(JobMessage job, Row row, String code, String message) {
    return settle(job, row, State.FAILED, code, message);
  }

  /** Moves the row to its final state and reports it; a row another run finished first reports what it holds. */
  private Decision settle(JobMessage job, Row row, State to, String code, String message) {
    if (!operations.finish(row.operationId(), row.state(), to, code, message)) {
      Row now = operations.find(row.operationId()).orElseThrow();
      if (now.state() == State.READY || now.state() == State.SENDING) {
        return Decision.deferred(config.retry().heldTargetDelay());
      }
      return handle(job);
    }
    return switch (to) {
      case DONE -> done(job);
      case FAILED -> result(job, ResultOutcome.FAILED, code, message);
      default -> result(job, ResultOutcome.UNKNOWN_OUTCOME, code, message);
    };
  }

  private Decision done(JobMessage job) {
    return Decision.done(ResultMessage.published(job.targetId(), job.attempt(), null, null, Instant.now())
        .withTraceparent(job.traceparent()).forOperation(job.operation()));
  }

  private Decision result(JobMessage job, ResultOutcome outcome, String code, String message) {
    return Decision.done(outcome(job, outcome, code, message));
  }

  private static ResultMessage outcome(JobMessage job, ResultOutcome outcome, String code, String message) {
    return ResultMessage.failure(job.targetId(), job.attempt(), outcome, code, message, Instant.now())
        .withTraceparent(job.traceparent()).forOperation(job.operation());
  }
}
