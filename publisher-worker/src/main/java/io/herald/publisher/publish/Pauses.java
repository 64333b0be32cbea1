package io.herald.publisher.publish;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Pauses shared by every replica through Redis: after a platform throttled an account (or its usage headers came
 * close to the limit), jobs for that account wait until the pause ends instead of calling again.
 *
 * <p>An account Redis found without a pause is taken as free for a short while ({@code
 * quarkus.cache.caffeine."unpaused-accounts".expire-after-write}), so a busy account costs one {@code PTTL} per
 * interval instead of one per job. A pause this replica sets holds at once (it drops the account from that cache; a
 * check already under way may still put it back for one interval); a pause another replica sets holds here within
 * that interval.
 */
@ApplicationScoped
public class Pauses {
  static final String PREFIX = "herald:publisher:pause:";

  private final RedisDataSource redis;
  private final ValueCommands<String, String> values;
  private final CaffeineCache unpaused;

  Pauses(RedisDataSource redis, @CacheName("unpaused-accounts") Cache unpaused) {
    this.redis = redis;
    this.values = redis.value(String.class);
    this.unpaused = unpaused.as(CaffeineCache.class);
  }

  public void pause(String scope, Duration duration) {
    values.set(PREFIX + scope, "1", new SetArgs().px(Math.max(1, duration.toMillis())));
    unpaused.invalidate(scope).await().indefinitely();
  }

  /** The time left on a pause of this scope, if one is running. */
  public Optional<Duration> remaining(String scope) {
    if (unpaused.getIfPresent(scope) != null) {
      return Optional.empty();
    }
    long millis = redis.execute("PTTL", PREFIX + scope).toLong();
    if (millis > 0) {
      return Optional.of(Duration.ofMillis(millis));
    }
    unpaused.put(scope, CompletableFuture.completedFuture(Boolean.TRUE));
    return Optional.empty();
  }
}
