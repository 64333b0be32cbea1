package io.herald.publisher.credentials;

import io.herald.common.loop.LoopRunner;
import io.herald.common.stream.AccountFollower;
import io.herald.common.stream.StreamKeys;
import io.herald.publisher.config.PublisherConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Drops the cached token of an account auth-service disconnected or marked NEEDS_REAUTH ({@link StreamKeys#ACCOUNTS}),
 * so that the account's next job asks auth-service again and fails with the reason instead of publishing with a
 * token the tenant took back. The cache's own TTL covers an event missed while Redis was out of reach.
 */
@ApplicationScoped
class AccountEventsFollower {
  void onStart(@Observes StartupEvent event, PublisherConfig config, LoopRunner loops, RedisDataSource redis,
      CredentialsClient credentials) {
    if (config.enabled()) {
      AccountFollower.start(loops, redis, "publisher-account-events", config.liveness().stuckAfter(), change -> {
        credentials.forget(change.accountId());
        Log.infof("Account %s is %s: its cached token is dropped", change.accountId(), change.status());
      });
    }
  }
}
