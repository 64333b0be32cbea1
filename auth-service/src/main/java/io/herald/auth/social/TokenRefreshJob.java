package io.herald.auth.social;

import io.herald.auth.config.AuthConfig;
import io.herald.common.loop.LoopRunner;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Every {@code herald.tiktok.refresh-every}, refreshes the TikTok tokens that are due (less than 20 % of their life
 * left), as a loop of common's {@link LoopRunner}. Safe with several replicas: each account is refreshed under a row
 * lock that other runners skip.
 */
@ApplicationScoped
public class TokenRefreshJob {
  static final int BATCH = 200;
  static final String LOOP = "token-refresh";

  private final SocialAccountRepository accounts;
  private final TokenRefresher refresher;
  private final LoopRunner loops;
  private final Duration every;

  TokenRefreshJob(SocialAccountRepository accounts, TokenRefresher refresher, LoopRunner loops,
      AuthConfig.Tiktok config) {
    this.accounts = accounts;
    this.refresher = refresher;
    this.loops = loops;
    this.every = config.refreshEvery();
  }

  /**
   * Three missed rounds (plus a minute for a slow one) mean the loop is stuck. A round stops after {@code every}
   * and the next one goes on at once, so a long pass over many accounts is never taken for a stuck loop.
   */
  void start(@Observes StartupEvent event) {
    loops.start(LOOP, every.multipliedBy(3).plusMinutes(1), () -> {
      Instant stopAt = Instant.now().plus(every);
      pass(stopAt);
      return Instant.now().isBefore(stopAt) ? every : Duration.ZERO;
    });
  }

  /** One pass over the due accounts; answers how many ended in each outcome. */
  public Map<TokenRefresher.Outcome, Integer> runOnce() {
    return pass(Instant.MAX);
  }

  private Map<TokenRefresher.Outcome, Integer> pass(Instant stopAt) {
    var outcomes = new EnumMap<TokenRefresher.Outcome, Integer>(TokenRefresher.Outcome.class);
    for (var id : accounts.dueForRefresh(Instant.now(), BATCH)) {
      if (Instant.now().isAfter(stopAt)) {
        break;
      }
      TokenRefresher.Outcome outcome;
      try {
        outcome = refresher.refresh(id, TokenRefresher.Mode.JOB);
      } catch (RuntimeException e) {
        Log.errorf(e, "Refreshing account %s failed unexpectedly", id);
        outcome = TokenRefresher.Outcome.FAILED;
      }
      outcomes.merge(outcome, 1, Integer::sum);
    }
    if (!outcomes.isEmpty()) {
      Log.infof("Token refresh pass: %s", outcomes);
    }
    return outcomes;
  }
}
