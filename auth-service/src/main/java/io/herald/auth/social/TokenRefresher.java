package io.herald.auth.social;

import io.herald.auth.audit.AuditLog;
import io.herald.auth.audit.AuditType;
import io.herald.auth.auth.AuthMetrics;
import io.herald.common.stream.Platform;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Refreshes one TikTok account's token pair under a row lock, so that across threads and replicas only one refresh
 * of an account runs at a time (TikTok rotates refresh tokens: a second, parallel refresh would use a dead one).
 * After taking the lock it checks again whether a refresh is still needed, and stores the new pair in the same
 * transaction.
 */
@ApplicationScoped
public class TokenRefresher {
  /** A forced refresh right after another one is pointless (several workers saw the same expired token). */
  static final Duration FORCE_DEBOUNCE = Duration.ofSeconds(30);

  private final SocialAccountRepository accounts;
  private final AccountTokens tokens;
  private final TikTokClient tiktok;
  private final AuditLog audit;
  private final AuthMetrics metrics;

  TokenRefresher(SocialAccountRepository accounts, AccountTokens tokens, TikTokClient tiktok, AuditLog audit,
      AuthMetrics metrics) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.tiktok = tiktok;
    this.audit = audit;
    this.metrics = metrics;
  }

  public enum Outcome { REFRESHED, NOT_DUE, LOCKED_ELSEWHERE, NOT_ACTIVE, NEEDS_REAUTH, FAILED }

  /** How to treat the account: the job skips locked rows; a caller that needs the token waits for the lock. */
  public enum Mode {
    /** The refresh loop: skip a row another runner holds; refresh only if due. */
    JOB,
    /** Credentials request: wait for the lock; refresh only if due. */
    IF_DUE,
    /** The platform refused the token: refresh unless it was refreshed moments ago. */
    FORCE
  }

  @Transactional
  public Outcome refresh(UUID accountId, Mode mode) {
    if (!accounts.lock(accountId, mode == Mode.JOB)) {
      return Outcome.LOCKED_ELSEWHERE;
    }
    SocialAccount account = accounts.findById(accountId);
    if (account == null || account.status != SocialAccount.Status.ACTIVE) {
      return Outcome.NOT_ACTIVE;
    }
    if (account.platform != Platform.TIKTOK) {
      return Outcome.NOT_DUE;
    }
    Instant now = Instant.now();
    boolean due = account.refreshDueAt != null && !account.refreshDueAt.isAfter(now);
    boolean justRefreshed = account.accessIssuedAt != null && account.accessIssuedAt.isAfter(now.minus(FORCE_DEBOUNCE));
    if (mode == Mode.FORCE ? justRefreshed : !due) {
      return Outcome.NOT_DUE;
    }
    try {
      var pair = tiktok.refresh(tokens.refreshToken(account));
      tokens.storePair(account, pair, Instant.now());
      account.updatedAt = Instant.now();
      audit.record(AuditType.TOKEN_REFRESHED, account.tenantId, "refresh-job", "social-account " + account.id, null);
      metrics.platformRefresh("TIKTOK", "refreshed");
      return Outcome.REFRESHED;
    } catch (CircuitBreakerOpenException e) {
      metrics.platformRefresh("TIKTOK", "error");
      Log.warnf("TikTok's circuit breaker is open; the refresh of account %s waits", account.id);
      return Outcome.FAILED;
    } catch (PlatformException e) {
      if (e.kind() == PlatformException.Kind.INVALID_GRANT) {
        account.status = SocialAccount.Status.NEEDS_REAUTH;
        account.statusReason = e.getMessage();
        account.updatedAt = Instant.now();
        audit.record(AuditType.ACCOUNT_NEEDS_REAUTH, account.tenantId, "refresh-job", "social-account " + account.id,
            e.getMessage());
        metrics.platformRefresh("TIKTOK", "needs_reauth");
        Log.infof("TikTok refused the refresh token of account %s (%s); it needs to be reconnected", account.id,
            e.getMessage());
        return Outcome.NEEDS_REAUTH;
      }
      audit.record(AuditType.TOKEN_REFRESH_FAILED, account.tenantId, "refresh-job", "social-account " + account.id,
          e.getMessage());
      metrics.platformRefresh("TIKTOK", "error");
      Log.warnf("Refreshing the TikTok token of account %s failed, will retry: %s", account.id, e.getMessage());
      return Outcome.FAILED;
    }
  }
}
