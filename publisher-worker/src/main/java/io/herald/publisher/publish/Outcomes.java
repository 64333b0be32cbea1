package io.herald.publisher.publish;

import io.herald.common.loop.Backoff;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.credentials.CredentialsClient;
import io.herald.publisher.ledger.Lease;
import io.herald.publisher.ledger.Ledger;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Turns what a platform answered into ledger transitions, results and retry schedules, the same way for both
 * platforms. Which method applies depends on where the failure happened:
 * <ul>
 *   <li>{@link #beforeSend}: the row is READY and nothing public was attempted (credentials, pre-flight checks,
 *       uploads and creates of unpublished objects);</li>
 *   <li>{@link #sendFailed}: the call that can make the post public answered (or did not);</li>
 *   <li>{@link #readFailed}: reading the platform's state of an unsure row failed: the row stays unsure.</li>
 * </ul>
 */
@ApplicationScoped
public class Outcomes {
  private final Ledger ledger;
  private final CredentialsClient credentials;
  private final PublisherConfig config;
  private final Pauses pauses;
  private final Backoff backoff;

  Outcomes(Ledger ledger, CredentialsClient credentials, PublisherConfig config, Pauses pauses) {
    this.ledger = ledger;
    this.credentials = credentials;
    this.config = config;
    this.pauses = pauses;
    var retry = config.retry();
    this.backoff = new Backoff(retry.initialDelay(), retry.maxDelay(), retry.jitter(), RandomGenerator.getDefault());
  }

  public Decision published(JobMessage job, Lease lease, Published published) {
    ledger.sent(lease, published.externalId(), published.externalUrl());
    return Decision.done(ResultMessage.published(job.targetId(), job.attempt(), published.externalId(),
        published.externalUrl(), Instant.now()).withTraceparent(job.traceparent()));
  }

  /** A definite failure: nothing of the target is public. */
  public Decision failed(JobMessage job, Lease lease, ResultOutcome outcome, String code, String message) {
    ledger.failed(lease, job.attempt(), outcome, code, message);
    return Decision.done(result(job, outcome, code, message));
  }

  /** The platform cannot tell whether the post exists: the user decides ("it is there" or "send it"). */
  public Decision unknown(JobMessage job, Lease lease, String code, String message) {
    Log.warnf("Target %s has an unknown outcome (%s): reported, not sent again", job.targetId(), code);
    ledger.unknown(lease, job.attempt(), code, message);
    return Decision.done(result(job, ResultOutcome.UNKNOWN_OUTCOME, code, message));
  }

  /** A READY row failed before anything could be public. */
  public Decision beforeSend(JobMessage job, Lease lease, PlatformError error, String pauseScope) {
    return switch (error.errorClass()) {
      case PERMANENT -> failed(job, lease, ResultOutcome.FAILED, error.code(), error.message());
      case AUTH -> {
        credentials.reportReauthRequired(job.socialAccountId(), error.reason());
        yield failed(job, lease, ResultOutcome.NEEDS_REAUTH, error.code(), error.message());
      }
      case THROTTLED -> throttled(job, error, pauseScope);
      // Before the send, an unknown outcome can only concern something unpublished: trying again is safe.
      case TRANSIENT, UNKNOWN_OUTCOME -> retryOrGiveUp(job, lease, error, ledger.countTry(lease, error.code(),
          error.message()));
    };
  }

  /**
   * The call that can make the post public failed. A definite answer moves SENDING back to READY (or FAILED); a lost
   * answer keeps SENDING, and the next run reads the platform before anything is sent again.
   */
  public Decision sendFailed(JobMessage job, Lease lease, PlatformError error, String pauseScope) {
    return switch (error.errorClass()) {
      case PERMANENT -> failed(job, lease, ResultOutcome.FAILED, error.code(), error.message());
      case AUTH -> {
        credentials.reportReauthRequired(job.socialAccountId(), error.reason());
        yield failed(job, lease, ResultOutcome.NEEDS_REAUTH, error.code(), error.message());
      }
      case THROTTLED -> {
        ledger.notCreated(lease, error.code(), error.message(), false);
        yield throttled(job, error, pauseScope);
      }
      case TRANSIENT -> retryOrGiveUp(job, lease, error,
          ledger.notCreated(lease, error.code(), error.message(), true).orElse(1));
      case UNKNOWN_OUTCOME -> {
        Log.warnf("Unknown outcome publishing target %s (%s): the platform is read before anything else",
            job.targetId(), error.code());
        yield Decision.later(result(job, ResultOutcome.RETRY_SCHEDULED, error.code(), error.message()),
            config.retry().reconcileDelay());
      }
    };
  }

  /**
   * Reading the platform's state of an unsure row failed. The row keeps what it knows: an auth error is reported
   * (the account needs reconnecting) and a later retry reads again before sending; a permanent refusal to let Herald
   * read makes the outcome unknown to the user, never a failure a retry could send again from.
   */
  public Decision readFailed(JobMessage job, Lease lease, PlatformError error, String pauseScope) {
    return switch (error.errorClass()) {
      case AUTH -> reauthWhileUnsure(job, error.code(), error.message());
      case THROTTLED -> {
        pauses.pause(pauseScope, throttleWait(error));
        yield Decision.deferred(throttleWait(error));
      }
      case TRANSIENT, UNKNOWN_OUTCOME -> Decision.later(
          result(job, ResultOutcome.RETRY_SCHEDULED, error.code(), error.message()), backoff.delay(1));
      case PERMANENT -> unknown(job, lease, error.code(),
          "The platform refused to show whether the post exists: " + error.message());
    };
  }

  /**
   * The account must be reconnected while the row is unsure: the user is told, the row stays as it is, and the retry
   * that follows the reconnect reads the platform before anything is sent.
   */
  public Decision reauthWhileUnsure(JobMessage job, String code, String message) {
    credentials.reportReauthRequired(job.socialAccountId(), code + " " + message);
    return Decision.done(result(job, ResultOutcome.NEEDS_REAUTH, code,
        message + " (reconnect the account; whether the earlier send reached the platform is checked before any"
            + " new send)"));
  }

  private Decision throttled(JobMessage job, PlatformError error, String pauseScope) {
    Duration wait = throttleWait(error);
    pauses.pause(pauseScope, wait);
    return Decision.later(result(job, ResultOutcome.RETRY_SCHEDULED, error.code(), error.message()), wait);
  }

  private Duration throttleWait(PlatformError error) {
    Duration min = config.retry().minThrottleDelay();
    return error.advisedWait() == null || error.advisedWait().compareTo(min) < 0 ? min : error.advisedWait();
  }

  private Decision retryOrGiveUp(JobMessage job, Lease lease, PlatformError error, int tries) {
    if (tries >= config.retry().maxTries()) {
      return failed(job, lease, ResultOutcome.FAILED, error.code(),
          error.message() + " (gave up after " + tries + " tries)");
    }
    return Decision.later(result(job, ResultOutcome.RETRY_SCHEDULED, error.code(), error.message()),
        backoff.delay(tries));
  }

  public Duration breakerDelay() {
    return config.retry().breakerOpenDelay();
  }

  public static ResultMessage result(JobMessage job, ResultOutcome outcome, String code, String message) {
    return ResultMessage.failure(job.targetId(), job.attempt(), outcome, code, message, Instant.now())
        .withTraceparent(job.traceparent());
  }
}
