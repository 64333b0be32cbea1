package io.herald.publisher.publish;

import io.herald.common.stream.JobMessage;
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
import io.herald.publisher.facebook.FacebookFlow;
import io.herald.publisher.facebook.FirstComments;
import io.herald.publisher.ledger.Lease;
import io.herald.publisher.ledger.LeaseKeeper;
import io.herald.publisher.ledger.Ledger;
import io.herald.publisher.ledger.LedgerEntry;
import io.herald.publisher.ledger.LedgerState;
import io.herald.publisher.operation.OperationService;
import io.herald.publisher.tiktok.TikTokFlow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides what one job does, from the target's ledger row, while holding the row's lease: a SENT target re-sends its
 * result; a FAILED one its failure (a newer attempt starts again); an UNKNOWN one stays unknown unless the user asked
 * to send it again; a SENDING one is reconciled with the platform; a PROCESSING one is polled; only a READY one sends.
 * A SENT Facebook target whose first comment is not final takes that step (it never sends the post again).
 */
@ApplicationScoped
public class PublishService {
  private final Ledger ledger;
  private final CredentialsClient credentials;
  private final Outcomes outcomes;
  private final FacebookFlow facebook;
  private final TikTokFlow tiktok;
  private final PublisherConfig config;
  private final LeaseKeeper leases;
  private final OperationService operations;

  PublishService(Ledger ledger, LeaseKeeper leases, CredentialsClient credentials, Outcomes outcomes,
      FacebookFlow facebook, TikTokFlow tiktok, PublisherConfig config, OperationService operations) {
    this.operations = operations;
    this.ledger = ledger;
    this.leases = leases;
    this.credentials = credentials;
    this.outcomes = outcomes;
    this.facebook = facebook;
    this.tiktok = tiktok;
    this.config = config;
  }

  public Decision handle(JobMessage job) {
    if (job.operation() != null) {
      // An edit or delete of a published target: its own ledger row, never the publish's.
      return operations.handle(job);
    }
    var lease = new Lease(job.targetId(), UUID.randomUUID());
    Optional<LedgerEntry> taken = ledger.take(job, lease, config.lease());
    if (taken.isEmpty()) {
      return Decision.deferred(config.retry().heldTargetDelay());
    }
    leases.hold(lease);
    try {
      return decide(job, lease, taken.get());
    } finally {
      leases.drop(lease);
      ledger.release(lease);
    }
  }

  private Decision decide(JobMessage job, Lease lease, LedgerEntry entry) {
    if (job.attempt() < entry.jobAttempt()) {
      return Decision.stale();
    }
    boolean newer = job.attempt() > entry.jobAttempt();
    return switch (entry.state()) {
      case SENT -> entry.commentPending() && job.platform() == Platform.FACEBOOK
          ? withCredentials(job, lease, entry)
          : Decision.done(ResultMessage.published(job.targetId(), job.attempt(), entry.externalId(),
              entry.externalUrl(), Instant.now()).withTraceparent(job.traceparent())
              .withFirstComment(FirstComments.outcomeOf(entry).orElse(null)));
      case FAILED -> newer && ledger.restart(lease, LedgerState.FAILED, job.attempt())
          ? decide(job, lease, reread(job))
          : Decision.done(Outcomes.result(job, entry.finalOutcome() == null ? ResultOutcome.FAILED
              : entry.finalOutcome(), entry.errorCode(), entry.errorMessage()));
      case UNKNOWN -> {
        if (newer && job.resendConfirmed() && ledger.restart(lease, LedgerState.UNKNOWN, job.attempt())) {
          yield decide(job, lease, reread(job));
        }
        // A newer attempt without the user's confirmation (a plain retry) learns the outcome is still unknown.
        yield outcomes.unknown(job, lease, entry.errorCode(), entry.errorMessage());
      }
      case READY, SENDING, PROCESSING -> withCredentials(job, lease, entry);
    };
  }

  private LedgerEntry reread(JobMessage job) {
    return ledger.find(job.targetId()).orElseThrow();
  }

  private Decision withCredentials(JobMessage job, Lease lease, LedgerEntry entry) {
    boolean unsure = entry.state().unsure();
    Credentials account;
    try {
      account = credentials.get(job.socialAccountId());
    } catch (NeedsReauthException | AccountNotFoundException e) {
      // AccountDisconnectedException is an AccountNotFoundException
      if (entry.state() == LedgerState.SENT) {
        // The post is public; only its first comment is left, and it cannot be sent without the account.
        return facebook.commentWithoutAccount(job, lease, entry, e.getMessage());
      }
      return missingAccount(job, lease, unsure, e);
    } catch (CredentialsUnavailableException e) {
      PlatformError error = PlatformError.of(ErrorClass.TRANSIENT, "auth_service_unavailable", e.getMessage());
      return unsure || entry.state() == LedgerState.SENT ? outcomes.readFailed(job, lease, error, "auth-service")
          : outcomes.beforeSend(job, lease, error, "auth-service");
    }
    if (!job.tenantId().equals(account.tenantId()) || account.platform() != job.platform()) {
      String message = "The social account does not belong to this tenant or platform";
      if (entry.state() == LedgerState.SENT) {
        return facebook.commentWithoutAccount(job, lease, entry, message);
      }
      return unsure ? outcomes.unknown(job, lease, "account_mismatch", message)
          : outcomes.failed(job, lease, ResultOutcome.FAILED, "account_mismatch", message);
    }
    return dispatch(job, lease, entry, account);
  }

  /** The account cannot publish (reconnect needed, disconnected, gone): before a send it fails, after one it is unsure. */
  private Decision missingAccount(JobMessage job, Lease lease, boolean unsure, RuntimeException e) {
    if (e instanceof NeedsReauthException) {
      return unsure ? outcomes.reauthWhileUnsure(job, "reauth_required", e.getMessage())
          : outcomes.failed(job, lease, ResultOutcome.NEEDS_REAUTH, "reauth_required", e.getMessage());
    }
    String code = e instanceof AccountDisconnectedException ? "account_disconnected" : "account_not_found";
    return unsure ? outcomes.unknown(job, lease, code, e.getMessage() + "; the post may already be on the platform")
        : outcomes.failed(job, lease, ResultOutcome.FAILED, code, e.getMessage());
  }

  private Decision dispatch(JobMessage job, Lease lease, LedgerEntry entry, Credentials account) {
    boolean onFacebook = job.platform() == Platform.FACEBOOK;
    return switch (entry.state()) {
      case READY -> onFacebook ? facebook.send(job, lease, entry, account) : tiktok.send(job, lease, account);
      case SENDING -> onFacebook ? facebook.reconcile(job, lease, entry, account)
          : tiktok.reconcile(job, lease, entry, account);
      case PROCESSING -> onFacebook ? facebook.poll(job, lease, entry, account)
          : tiktok.poll(job, lease, entry, account);
      case SENT -> facebook.comment(job, lease, entry, account);
      default -> throw new IllegalStateException("Unexpected ledger state " + entry.state());
    };
  }
}
