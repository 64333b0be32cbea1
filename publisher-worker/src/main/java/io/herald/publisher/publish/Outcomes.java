package io.herald.publisher.publish;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.credentials.CredentialsClient;
import io.herald.publisher.ledger.LedgerRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/** Turns classified failures into ledger changes, results and retry schedules, the same way for both platforms. */
@ApplicationScoped
public class Outcomes {
  /** Where in the flow a failure happened, which decides what the ledger may do. */
  public enum Phase {
    /** Before the create call (credentials, pre-flight, uploads of unpublished media): nothing was created. */
    BEFORE_CREATE,
    /** The create call answered with a definite error: nothing was created. */
    CREATE,
    /** Reading the platform's state (reconcile, status poll): the ledger keeps what it knows. */
    READ
  }

  private final LedgerRepository ledger;
  private final CredentialsClient credentials;
  private final PublisherConfig config;
  private final Pauses pauses;
  private final Backoff backoff;

  Outcomes(LedgerRepository ledger, CredentialsClient credentials, PublisherConfig config, Pauses pauses) {
    this.ledger = ledger;
    this.credentials = credentials;
    this.config = config;
    this.pauses = pauses;
    var retry = config.retry();
    this.backoff = new Backoff(retry.initialDelay(), retry.maxDelay(), retry.jitter(), RandomGenerator.getDefault());
  }

  public Decision published(JobMessage job, Published published) {
    ledger.markSent(job.targetId(), published.externalId(), published.externalUrl());
    return Decision.done(ResultMessage.published(job.targetId(), job.attempt(), published.externalId(),
        published.externalUrl(), Instant.now()).withTraceparent(job.traceparent()));
  }

  public Decision failed(JobMessage job, ResultOutcome outcome, String code, String message) {
    ledger.markFailed(job.targetId(), outcome, code, message);
    return Decision.done(result(job, outcome, code, message));
  }

  /** The account lost its authorization: auth-service marks it NEEDS_REAUTH, the target fails with that reason. */
  public Decision reauthRequired(JobMessage job, String code, String message) {
    credentials.reportReauthRequired(job.socialAccountId(), code + " " + message);
    return failed(job, ResultOutcome.NEEDS_REAUTH, code, message);
  }

  /**
   * Handles a classified failure. {@code pauseScope} names what a throttle pauses (a Page, a TikTok account).
   */
  public Decision onFailure(JobMessage job, PlatformError error, Phase phase, String pauseScope) {
    return switch (error.errorClass()) {
      case PERMANENT -> failed(job, ResultOutcome.FAILED, error.code(), error.message());
      case AUTH -> reauthRequired(job, error.code(), error.message());
      case THROTTLED -> {
        Duration wait = error.advisedWait() == null || error.advisedWait().compareTo(config.retry().minThrottleDelay()) < 0
            ? config.retry().minThrottleDelay() : error.advisedWait();
        pauses.pause(pauseScope, wait);
        if (phase != Phase.READ) {
          ledger.markRetrying(job.targetId(), error.code(), error.message(), false);
        }
        yield Decision.later(result(job, ResultOutcome.RETRY_SCHEDULED, error.code(), error.message()), wait);
      }
      case TRANSIENT -> {
        if (phase == Phase.READ) {
          yield Decision.later(result(job, ResultOutcome.RETRY_SCHEDULED, error.code(), error.message()),
              backoff.delay(1));
        }
        int tries = ledger.markRetrying(job.targetId(), error.code(), error.message(), true);
        if (tries >= config.retry().maxTries()) {
          yield failed(job, ResultOutcome.FAILED, error.code(),
              error.message() + " (gave up after " + tries + " tries)");
        }
        yield Decision.later(result(job, ResultOutcome.RETRY_SCHEDULED, error.code(), error.message()),
            backoff.delay(tries));
      }
      // The create may have landed: the ledger stays SENDING and the next delivery reconciles first.
      case UNKNOWN_OUTCOME -> Decision.later(
          result(job, ResultOutcome.RETRY_SCHEDULED, error.code(), error.message()), config.retry().reconcileDelay());
    };
  }

  /** The breaker of the platform is open: the job waits, nothing is counted and no result is sent. */
  public Decision breakerOpen(JobMessage job, boolean sendingCommitted) {
    if (sendingCommitted) {
      ledger.markRetrying(job.targetId(), null, null, false);
    }
    return Decision.deferred(breakerDelay());
  }

  public Duration breakerDelay() {
    return config.retry().breakerOpenDelay();
  }

  public static ResultMessage result(JobMessage job, ResultOutcome outcome, String code, String message) {
    return ResultMessage.failure(job.targetId(), job.attempt(), outcome, code, message, Instant.now())
        .withTraceparent(job.traceparent());
  }
}
