package io.herald.auth.social;

import io.herald.auth.config.AuthConfig;
import io.herald.common.loop.LoopRunner;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The daily health check of Facebook Page tokens, so that a Page whose token was invalidated (password change, lost
 * Page role, app removed) or whose user took a required permission away is marked NEEDS_REAUTH before a post to it
 * fails. Each Page is inspected with {@code debug_token} once every {@code herald.facebook.health-check-every}, at
 * its own time of day ({@link SocialAccount#healthDueAt}, first chosen at random when it is connected), so N Pages
 * are spread over the day rather than checked at once. A loop of common's {@link LoopRunner} looks every
 * {@code health-check-poll} for due Pages; safe with several replicas: a Page is claimed (its next time set) under a
 * row lock other runners skip, and Facebook is called with no transaction held.
 */
@ApplicationScoped
public class PageTokenCheck {
  static final int BATCH = 100;
  static final String LOOP = "page-token-check";

  /** How one check ended. */
  public enum Outcome { HEALTHY, NEEDS_REAUTH, UNAVAILABLE, SKIPPED }

  private final SocialAccountRepository accounts;
  private final SocialAccountService service;
  private final AccountTokens tokens;
  private final FacebookClient facebook;
  private final LoopRunner loops;
  private final AuthConfig.Facebook config;

  PageTokenCheck(SocialAccountRepository accounts, SocialAccountService service, AccountTokens tokens,
      FacebookClient facebook, LoopRunner loops, AuthConfig.Facebook config) {
    this.accounts = accounts;
    this.service = service;
    this.tokens = tokens;
    this.facebook = facebook;
    this.loops = loops;
    this.config = config;
  }

  /** Without a Facebook app there is nothing to inspect with. A round stops after one poll period. */
  void start(@Observes StartupEvent event) {
    if (config.appId().isEmpty() || config.appSecret().isEmpty()) {
      return;
    }
    Duration poll = config.healthCheckPoll();
    loops.start(LOOP, poll.multipliedBy(3).plusMinutes(1), () -> {
      Instant stopAt = Instant.now().plus(poll);
      pass(stopAt);
      return Instant.now().isBefore(stopAt) ? poll : Duration.ZERO;
    });
  }

  /** When a Page connected (or reconnected) now is first checked: a random time within one period. */
  Instant firstCheck(Instant now) {
    long periodMillis = config.healthCheckEvery().toMillis();
    return now.plusMillis(ThreadLocalRandom.current().nextLong(Math.max(1, periodMillis)));
  }

  /** One pass over the due Pages; answers how many ended in each outcome. */
  public Map<Outcome, Integer> runOnce() {
    return pass(Instant.MAX);
  }

  private Map<Outcome, Integer> pass(Instant stopAt) {
    var outcomes = new EnumMap<Outcome, Integer>(Outcome.class);
    for (UUID id : accounts.dueForHealthCheck(Instant.now(), BATCH)) {
      if (Instant.now().isAfter(stopAt)) {
        break;
      }
      Outcome outcome;
      try {
        outcome = check(id);
      } catch (RuntimeException e) {
        Log.errorf(e, "Checking the Page token of account %s failed unexpectedly", id);
        outcome = Outcome.UNAVAILABLE;
      }
      outcomes.merge(outcome, 1, Integer::sum);
    }
    if (!outcomes.isEmpty()) {
      Log.infof("Page token check pass: %s", outcomes);
    }
    return outcomes;
  }

  private record Claim(UUID id, long tokenVersion, String token) {}

  /** Claims, inspects and records one Page's check. */
  Outcome check(UUID id) {
    Claim claim = QuarkusTransaction.requiringNew().call(() -> claim(id));
    if (claim == null) {
      return Outcome.SKIPPED;
    }
    FacebookClient.Inspection inspection;
    try {
      inspection = facebook.inspect(claim.token());
    } catch (PlatformException | CircuitBreakerOpenException e) {
      Log.warnf("Facebook could not inspect the Page token of account %s, checked again later: %s", id,
          e.getMessage());
      QuarkusTransaction.requiringNew().run(() -> retryLater(claim));
      return Outcome.UNAVAILABLE;
    }
    return QuarkusTransaction.requiringNew().call(() -> record(claim, inspection));
  }

  /** The account, if still due and no other runner holds it; its next check is set now (the claim). */
  private Claim claim(UUID id) {
    if (!accounts.lock(id, true)) {
      return null;
    }
    var account = accounts.findById(id);
    Instant now = Instant.now();
    if (account == null || account.status != SocialAccount.Status.ACTIVE || account.accessToken == null
        || account.healthDueAt == null || account.healthDueAt.isAfter(now)) {
      return null;
    }
    account.healthDueAt = next(account.healthDueAt, now);
    return new Claim(id, account.tokenVersion, tokens.accessToken(account));
  }

  /** The same time of day one period on; after a long outage, a fresh random time (no burst of catch-up checks). */
  private Instant next(Instant due, Instant now) {
    Instant next = due.plus(config.healthCheckEvery());
    return (next.isAfter(now) ? next : firstCheck(now)).truncatedTo(ChronoUnit.MICROS);
  }

  private void retryLater(Claim claim) {
    var account = accounts.findById(claim.id());
    Instant retry = Instant.now().plus(config.healthCheckRetry());
    if (account != null && account.healthDueAt != null && account.healthDueAt.isAfter(retry)) {
      account.healthDueAt = retry.truncatedTo(ChronoUnit.MICROS);
    }
  }

  /** A reconnect or disconnect meanwhile wins (another token, or no longer ACTIVE): the result is dropped. */
  private Outcome record(Claim claim, FacebookClient.Inspection inspection) {
    accounts.lock(claim.id(), false);
    var account = accounts.findById(claim.id());
    if (account == null || account.status != SocialAccount.Status.ACTIVE
        || account.tokenVersion != claim.tokenVersion()) {
      return Outcome.SKIPPED;
    }
    account.scopes = ConnectService.printable(String.join(",", inspection.scopes()), 500);
    if (!inspection.valid()) {
      service.needsReauth(account, "page-token-check", inspection.reason());
      return Outcome.NEEDS_REAUTH;
    }
    List<String> missing = config.requiredScopes().stream().filter(s -> !inspection.scopes().contains(s)).toList();
    if (!missing.isEmpty()) {
      service.needsReauth(account, "page-token-check", "facebook: the Page token lacks the permission"
          + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + "; reconnect the Page and grant it");
      return Outcome.NEEDS_REAUTH;
    }
    account.healthCheckedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return Outcome.HEALTHY;
  }
}
