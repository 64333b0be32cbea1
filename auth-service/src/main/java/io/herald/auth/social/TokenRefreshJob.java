package io.herald.auth.social;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every {@code herald.tiktok.refresh-every}, refreshes the TikTok tokens that are due (less than 20 % of their life
 * left). Safe with several replicas: each account is refreshed under a row lock that other runners skip.
 */
@ApplicationScoped
public class TokenRefreshJob {
  static final int BATCH = 200;

  private final SocialAccountRepository accounts;
  private final TokenRefresher refresher;
  private final AtomicReference<Instant> heartbeat = new AtomicReference<>(Instant.now());

  TokenRefreshJob(SocialAccountRepository accounts, TokenRefresher refresher) {
    this.accounts = accounts;
    this.refresher = refresher;
  }

  @Scheduled(every = "${herald.tiktok.refresh-every:60s}", delayed = "10s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    runOnce();
  }

  /** One pass over the due accounts; answers how many ended in each outcome. */
  @ActivateRequestContext
  public Map<TokenRefresher.Outcome, Integer> runOnce() {
    heartbeat.set(Instant.now());
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
      heartbeat.set(Instant.now());
    }
    if (!outcomes.isEmpty()) {
      Log.infof("Token refresh pass: %s", outcomes);
    }
    return outcomes;
  }

  /** When the job last showed it was alive (start of a pass, or after each account). */
  public Instant lastHeartbeat() {
    return heartbeat.get();
  }
}
