package io.herald.auth.social;

import io.herald.auth.config.AuthConfig;
import io.herald.common.health.Heartbeats;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Every {@code herald.tiktok.refresh-every}, refreshes the TikTok tokens that are due (less than 20 % of their life
 * left). Safe with several replicas: each account is refreshed under a row lock that other runners skip.
 */
@ApplicationScoped
public class TokenRefreshJob {
  static final int BATCH = 200;
  static final String LOOP = "token-refresh";

  private final SocialAccountRepository accounts;
  private final TokenRefresher refresher;
  private final Heartbeats heartbeats;
  private final AuthConfig config;

  TokenRefreshJob(SocialAccountRepository accounts, TokenRefresher refresher, Heartbeats heartbeats, AuthConfig config) {
    this.accounts = accounts;
    this.refresher = refresher;
    this.heartbeats = heartbeats;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    // Three missed passes (plus a minute for a slow one) mean the job is stuck.
    heartbeats.register(LOOP, config.tiktok().refreshEvery().multipliedBy(3).plusMinutes(1));
  }

  @Scheduled(every = "${herald.tiktok.refresh-every:60s}", delayed = "10s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    runOnce();
  }

  /** One pass over the due accounts; answers how many ended in each outcome. */
  @ActivateRequestContext
  public Map<TokenRefresher.Outcome, Integer> runOnce() {
    heartbeats.beat(LOOP);
    var outcomes = new EnumMap<TokenRefresher.Outcome, Integer>(TokenRefresher.Outcome.class);
    for (var id : accounts.dueForRefresh(Instant.now(), BATCH)) {
      TokenRefresher.Outcome outcome;
      try {
        outcome = refresher.refresh(id, TokenRefresher.Mode.JOB);
      } catch (RuntimeException e) {
        Log.errorf(e, "Refreshing account %s failed unexpectedly", id);
        outcome = TokenRefresher.Outcome.FAILED;
      }
      outcomes.merge(outcome, 1, Integer::sum);
      heartbeats.beat(LOOP);
    }
    if (!outcomes.isEmpty()) {
      Log.infof("Token refresh pass: %s", outcomes);
    }
    return outcomes;
  }
}
