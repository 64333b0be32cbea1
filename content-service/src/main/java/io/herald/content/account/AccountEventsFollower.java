package io.herald.content.account;

import io.herald.common.loop.LoopRunner;
import io.herald.common.stream.AccountFollower;
import io.herald.common.stream.StreamKeys;
import io.herald.content.config.ContentConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Forgets an account auth-service disconnected or marked NEEDS_REAUTH ({@link StreamKeys#ACCOUNTS}) in both cache
 * tiers, so that a post to it is refused at once (422) rather than after the cache expires. Every replica runs it,
 * those that serve only the API too (their caches are what validation reads). Targets already scheduled for such an
 * account fail when due, with the reason the worker gets from auth-service.
 */
@ApplicationScoped
class AccountEventsFollower {
  void onStart(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event, ContentConfig config, LoopRunner loops,
      RedisDataSource redis, AccountsClient accounts) {
    AccountFollower.start(loops, redis, "account-events", config.livenessBound(),
        change -> accounts.invalidate(change.accountId()));
  }
}
