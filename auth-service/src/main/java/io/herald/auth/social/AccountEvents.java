package io.herald.auth.social;

import io.herald.common.stream.AccountEvent;
import io.herald.common.stream.StreamKeys;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Instant;

/**
 * Where an account stops being usable (a user disconnects it, it needs reauthorization): the status changes here, and
 * once the transaction has committed, the change goes out on {@link StreamKeys#ACCOUNTS} so that every worker drops
 * the account's cached token within seconds (and content-service tells the tenant by its {@code account.*} webhooks).
 * Sent after the commit, so no reader can re-fetch the old status; a send that fails is logged and the workers' cache
 * TTL covers it.
 */
@ApplicationScoped
public class AccountEvents {
  private final Event<AccountEvent> events;
  private final StreamCommands<String, String, String> streams;

  AccountEvents(Event<AccountEvent> events, RedisDataSource redis) {
    this.events = events;
    this.streams = redis.stream(String.class, String.class, String.class);
  }

  /** Marks the account {@code status} for {@code reason}, inside the caller's transaction. */
  public void stop(SocialAccount account, AccountEvent.Status status, String reason) {
    Instant now = Instant.now();
    account.status = SocialAccount.Status.valueOf(status.name());
    account.statusReason = reason;
    account.updatedAt = now;
    events.fire(new AccountEvent(account.id, account.tenantId, status, now));
  }

  void send(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountEvent event) {
    try {
      streams.xadd(StreamKeys.ACCOUNTS, new XAddArgs().maxlen(StreamKeys.ACCOUNTS_KEPT).nearlyExactTrimming(),
          event.toFields());
    } catch (RuntimeException e) {
      Log.warnf("Could not announce that account %s is %s (workers' caches expire on their own): %s",
          event.accountId(), event.status(), e.getMessage());
    }
  }
}
