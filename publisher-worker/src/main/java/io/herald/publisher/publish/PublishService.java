package io.herald.publisher.publish;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.credentials.AccountNotFoundException;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.credentials.CredentialsClient;
import io.herald.publisher.credentials.CredentialsUnavailableException;
import io.herald.publisher.credentials.NeedsReauthException;
import io.herald.publisher.facebook.FacebookFlow;
import io.herald.publisher.ledger.LedgerEntry;
import io.herald.publisher.ledger.LedgerRepository;
import io.herald.publisher.ledger.LedgerState;
import io.herald.publisher.ledger.SendAttempt;
import io.herald.publisher.publish.Outcomes.Phase;
import io.herald.publisher.tiktok.TikTokFlow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides what one job does, from the target's ledger row: a SENT target re-sends its result, a FAILED one its failure
 * (unless this is a newer attempt), a SENDING one is reconciled with the platform, a PROCESSING one (TikTok) is
 * polled, and only a RETRYING one is sent.
 */
@ApplicationScoped
public class PublishService {
  private final LedgerRepository ledger;
  private final CredentialsClient credentials;
  private final Outcomes outcomes;
  private final FacebookFlow facebook;
  private final TikTokFlow tiktok;
  private final PublisherConfig config;

  PublishService(LedgerRepository ledger, CredentialsClient credentials, Outcomes outcomes, FacebookFlow facebook,
      TikTokFlow tiktok, PublisherConfig config) {
    this.ledger = ledger;
    this.credentials = credentials;
    this.outcomes = outcomes;
    this.facebook = facebook;
    this.tiktok = tiktok;
    this.config = config;
  }

  public Decision handle(JobMessage job) {
    LedgerEntry entry = ledger.findOrCreate(job);
    switch (entry.state()) {
      case SENT -> {
        return Decision.done(ResultMessage.published(job.targetId(), job.attempt(), entry.externalId(),
            entry.externalUrl(), Instant.now()).withTraceparent(job.traceparent()));
      }
      case FAILED -> {
        if (job.attempt() > entry.jobAttempt() && ledger.restart(job.targetId(), job.attempt())) {
          return handle(job);
        }
        ResultOutcome outcome = entry.finalOutcome() == null ? ResultOutcome.FAILED : entry.finalOutcome();
        return Decision.done(Outcomes.result(job, outcome, entry.errorCode(), entry.errorMessage()));
      }
      default -> {
        return withCredentials(job, entry);
      }
    }
  }

  private Decision withCredentials(JobMessage job, LedgerEntry entry) {
    Phase phase = entry.state() == LedgerState.RETRYING ? Phase.BEFORE_CREATE : Phase.READ;
    Credentials account;
    try {
      account = credentials.get(job.socialAccountId());
    } catch (NeedsReauthException e) {
      return outcomes.failed(job, ResultOutcome.NEEDS_REAUTH, "reauth_required", e.getMessage());
    } catch (AccountNotFoundException e) {
      return outcomes.failed(job, ResultOutcome.FAILED, "account_not_found", e.getMessage());
    } catch (CredentialsUnavailableException e) {
      return outcomes.onFailure(job,
          PlatformError.of(ErrorClass.TRANSIENT, "auth_service_unavailable", e.getMessage()), phase, "auth-service");
    }
    if (!job.tenantId().equals(account.tenantId()) || account.platform() != job.platform()) {
      return outcomes.failed(job, ResultOutcome.FAILED, "account_mismatch",
          "The social account does not belong to this tenant or platform");
    }
    return switch (entry.state()) {
      case RETRYING -> job.platform() == Platform.FACEBOOK
          ? facebook.send(job, account)
          : tiktok.send(job, account);
      case PROCESSING -> tiktok.poll(job, entry, account);
      case SENDING -> reconcile(job, entry, account);
      default -> throw new IllegalStateException("Unexpected ledger state " + entry.state());
    };
  }

  /**
   * A SENDING row: the create call of some worker may have landed. A call that may still be running (started less
   * than the reconcile delay ago) is waited for; otherwise the platform is asked.
   */
  private Decision reconcile(JobMessage job, LedgerEntry entry, Credentials account) {
    SendAttempt attempt = ledger.lastAttempt(job.targetId())
        .orElse(new SendAttempt(null, job.targetId(), entry.updatedAt()));
    Instant settled = attempt.startedAt().plus(config.retry().reconcileDelay());
    if (Instant.now().isBefore(settled)) {
      return Decision.deferred(Duration.between(Instant.now(), settled).plusMillis(50));
    }
    return job.platform() == Platform.FACEBOOK
        ? facebook.reconcile(job, entry, attempt, account)
        : tiktok.reconcile(job, entry);
  }
}
