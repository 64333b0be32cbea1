package io.herald.auth.social;

import io.herald.auth.audit.AuditLog;
import io.herald.auth.audit.AuditType;
import io.herald.auth.auth.AuthMetrics;
import io.herald.common.loop.Backoff;
import io.herald.common.stream.AccountEvent;
import io.herald.common.stream.Platform;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Refreshes one TikTok account's token pair without holding a row lock or a database connection while TikTok is
 * called (TikTok rotates refresh tokens: the old one stops working, so refreshes of one account must not overlap):
 * <ol>
 *   <li>a short transaction checks whether a refresh is due and takes a lease on the account (committed: other
 *       runners and replicas see it and leave the account alone), and reads the refresh token and the pair's
 *       version;</li>
 *   <li>TikTok is called outside any transaction;</li>
 *   <li>a short transaction stores the new pair if the version is still the one read (compare-and-set) and ends the
 *       lease. If another pair was stored meanwhile (a reconnect), that one won and is used. If the commit fails,
 *       it is tried again for a while with the pair kept in memory, so a rotated refresh token is not lost to a
 *       passing database error.</li>
 * </ol>
 */
@ApplicationScoped
public class TokenRefresher {
  /** A forced refresh right after another one is pointless (several workers saw the same expired token). */
  static final Duration FORCE_DEBOUNCE = Duration.ofSeconds(30);
  /** Longer than a TikTok call can take (5 s connect + 15 s read): a crashed runner's lease ends by itself. */
  static final Duration LEASE = Duration.ofSeconds(60);
  /** How long a caller that needs the token waits for another runner's refresh. */
  static final Duration WAIT_FOR_OTHER = Duration.ofSeconds(15);
  /** Tries of storing a new pair whose commit failed, after the first, and the pauses between them. */
  static final int STORE_RETRIES = 5;
  static final Backoff STORE_BACKOFF = Backoff.doubling(Duration.ofMillis(200), Duration.ofSeconds(4));

  private final SocialAccountRepository accounts;
  private final AccountTokens tokens;
  private final TikTokClient tiktok;
  private final AuditLog audit;
  private final AuthMetrics metrics;
  private final AccountEvents events;

  TokenRefresher(SocialAccountRepository accounts, AccountTokens tokens, TikTokClient tiktok, AuditLog audit,
      AuthMetrics metrics, AccountEvents events) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.tiktok = tiktok;
    this.audit = audit;
    this.metrics = metrics;
    this.events = events;
  }

  public enum Outcome { REFRESHED, NOT_DUE, LOCKED_ELSEWHERE, NOT_ACTIVE, NEEDS_REAUTH, FAILED }

  /** How to treat the account: the job skips accounts another runner holds; a caller that needs the token waits. */
  public enum Mode {
    /** The refresh loop: skip an account another runner holds; refresh only if due. */
    JOB,
    /** Credentials request: wait for another runner; refresh only if due. */
    IF_DUE,
    /** The platform refused the token: refresh unless it was refreshed moments ago. */
    FORCE
  }

  /** What the first step found: an outcome already, or the lease with what the call needs. */
  private record Claim(Outcome outcome, UUID tenantId, String refreshToken, long version) {}

  public Outcome refresh(UUID accountId, Mode mode) {
    UUID owner = UUID.randomUUID();
    Instant waitUntil = Instant.now().plus(WAIT_FOR_OTHER);
    Claim claim = QuarkusTransaction.requiringNew().call(() -> claim(accountId, mode, owner));
    while (claim.outcome() == Outcome.LOCKED_ELSEWHERE && mode != Mode.JOB && Instant.now().isBefore(waitUntil)) {
      pause(Duration.ofMillis(250));
      claim = QuarkusTransaction.requiringNew().call(() -> claim(accountId, mode, owner));
    }
    if (claim.outcome() != null) {
      return claim.outcome();
    }

    TikTokClient.TokenPair pair;
    try {
      pair = tiktok.refresh(claim.refreshToken());
    } catch (CircuitBreakerOpenException e) {
      release(accountId, owner);
      metrics.platformRefresh("TIKTOK", "error");
      Log.warnf("TikTok's circuit breaker is open; the refresh of account %s waits", accountId);
      return Outcome.FAILED;
    } catch (PlatformException e) {
      Claim taken = claim;
      return QuarkusTransaction.requiringNew().call(() -> refused(accountId, owner, taken, e));
    }
    Outcome outcome = store(accountId, owner, claim, pair);
    if (outcome == Outcome.REFRESHED && mode == Mode.JOB) {
      refreshProfile(accountId, pair.accessToken());
    }
    return outcome;
  }

  /**
   * The creator's display name and avatar, read again with the new token by the refresh loop (where nearly every
   * refresh happens; a refresh on a worker's credentials call is not slowed by it). Best effort, no row held while
   * TikTok answers; a name TikTok does not give keeps the stored one.
   */
  private void refreshProfile(UUID accountId, String accessToken) {
    tiktok.profile(accessToken).ifPresent(profile -> QuarkusTransaction.requiringNew().run(() -> {
      SocialAccount account = accounts.findById(accountId);
      if (account == null || account.status != SocialAccount.Status.ACTIVE) {
        return;
      }
      if (profile.displayName() != null) {
        account.name = ConnectService.printable(profile.displayName(), 256);
      }
      if (profile.avatarUrl() != null) {
        account.avatarUrl = profile.avatarUrl();
      }
    }));
  }

  /** Step 1, in a short transaction of its own. */
  private Claim claim(UUID accountId, Mode mode, UUID owner) {
    if (!accounts.lock(accountId, mode == Mode.JOB)) {
      return new Claim(Outcome.LOCKED_ELSEWHERE, null, null, 0);
    }
    SocialAccount account = accounts.findById(accountId);
    if (account == null || account.status != SocialAccount.Status.ACTIVE || account.refreshToken == null) {
      return new Claim(account == null || account.status != SocialAccount.Status.ACTIVE ? Outcome.NOT_ACTIVE
          : Outcome.NOT_DUE, null, null, 0);
    }
    if (account.platform != Platform.TIKTOK) {
      return new Claim(Outcome.NOT_DUE, null, null, 0);
    }
    Instant now = Instant.now();
    boolean due = account.refreshDueAt != null && !account.refreshDueAt.isAfter(now);
    boolean justRefreshed = account.accessIssuedAt != null && account.accessIssuedAt.isAfter(now.minus(FORCE_DEBOUNCE));
    if (mode == Mode.FORCE ? justRefreshed : !due) {
      return new Claim(Outcome.NOT_DUE, null, null, 0);
    }
    if (account.refreshLeaseUntil != null && account.refreshLeaseUntil.isAfter(now)) {
      return new Claim(Outcome.LOCKED_ELSEWHERE, null, null, 0);
    }
    account.refreshLeaseOwner = owner;
    account.refreshLeaseUntil = now.plus(LEASE);
    return new Claim(null, account.tenantId, tokens.refreshToken(account), account.tokenVersion);
  }

  /** Step 3: compare-and-set the new pair, tried again while the commit fails. */
  private Outcome store(UUID accountId, UUID owner, Claim claim, TikTokClient.TokenPair pair) {
    RuntimeException last = null;
    for (int attempt = 0; attempt <= STORE_RETRIES; attempt++) {
      if (attempt > 0) {
        pause(STORE_BACKOFF.delay(attempt));
      }
      try {
        return QuarkusTransaction.requiringNew().call(() -> compareAndSet(accountId, owner, claim, pair));
      } catch (RuntimeException e) {
        last = e;
        Log.warnf("Storing the refreshed TikTok pair of account %s failed (try %d): %s", accountId, attempt + 1,
            e.getMessage());
      }
    }
    metrics.platformRefresh("TIKTOK", "error");
    Log.errorf(last, "The refreshed TikTok pair of account %s could not be stored; TikTok has rotated its refresh "
        + "token, so the account will need to be reconnected if the stored one is refused", accountId);
    return Outcome.FAILED;
  }

  private Outcome compareAndSet(UUID accountId, UUID owner, Claim claim, TikTokClient.TokenPair pair) {
    accounts.lock(accountId, false);
    SocialAccount account = accounts.findById(accountId);
    if (account == null) {
      return Outcome.NOT_ACTIVE;
    }
    if (account.tokenVersion != claim.version()) {
      // Another pair was stored since this refresh began (a reconnect, or a runner whose lease had run out): the
      // newer one wins and is what callers get; ours is dropped.
      if (owner.equals(account.refreshLeaseOwner)) {
        account.refreshLeaseOwner = null;
        account.refreshLeaseUntil = null;
      }
      Log.infof("Account %s got another token pair while refreshing; keeping that one", accountId);
      return Outcome.REFRESHED;
    }
    Instant now = Instant.now();
    tokens.storePair(account, pair, now);
    account.updatedAt = now;
    account.refreshLeaseOwner = null;
    account.refreshLeaseUntil = null;
    audit.record(AuditType.TOKEN_REFRESHED, account.tenantId, "refresh-job", "social-account " + account.id, null);
    metrics.platformRefresh("TIKTOK", "refreshed");
    return Outcome.REFRESHED;
  }

  /** TikTok refused: {@code invalid_grant} needs a reconnect (unless a newer pair arrived meanwhile). */
  private Outcome refused(UUID accountId, UUID owner, Claim claim, PlatformException e) {
    accounts.lock(accountId, false);
    SocialAccount account = accounts.findById(accountId);
    if (account == null) {
      return Outcome.NOT_ACTIVE;
    }
    if (owner.equals(account.refreshLeaseOwner)) {
      account.refreshLeaseOwner = null;
      account.refreshLeaseUntil = null;
    }
    if (e.kind() == PlatformException.Kind.INVALID_GRANT && account.tokenVersion == claim.version()
        && account.status == SocialAccount.Status.ACTIVE) {
      events.stop(account, AccountEvent.Status.NEEDS_REAUTH, e.getMessage());
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

  private void release(UUID accountId, UUID owner) {
    try {
      QuarkusTransaction.requiringNew().run(() -> accounts.update(
          "refreshLeaseOwner = null, refreshLeaseUntil = null where id = ?1 and refreshLeaseOwner = ?2",
          accountId, owner));
    } catch (RuntimeException e) {
      Log.warnf("Could not end the refresh lease of account %s (it ends by itself): %s", accountId, e.getMessage());
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a token refresh", e);
    }
  }
}
