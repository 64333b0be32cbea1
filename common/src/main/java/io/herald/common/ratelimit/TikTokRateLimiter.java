package io.herald.common.ratelimit;

import io.herald.common.crypto.Secrets;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * TikTok's per-token limits (6 inits, 20 creator_info, 30 status calls per minute), shared by all replicas of every
 * service that calls TikTok with a creator's token (publisher-worker's publishing, auth-service's capabilities): a
 * fixed one-minute window per token and endpoint, counted atomically in Redis, so both count against the one budget
 * TikTok keeps per token. Tokens appear only as a hash in the key.
 */
@ApplicationScoped
public class TikTokRateLimiter {
  /** KEYS[1] = window key; ARGV[1] = limit, ARGV[2] = window ms. Returns 0 when allowed, else the ms left. */
  private static final String SCRIPT = """
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      if n > tonumber(ARGV[1]) then
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 1 then ttl = 1 end
        return ttl
      end
      return 0
      """;
  private static final long WINDOW_MS = 60_000;
  /**
   * {@code <prefix><endpoint>:<token hash>:<minute>}. The prefix predates auth-service counting here too; it is kept
   * so that replicas of the worker before and after the move count together during a rolling deploy.
   */
  static final String KEY_PREFIX = "herald:publisher:ratelimit:tiktok:";

  public enum Endpoint {
    INIT,
    STATUS,
    CREATOR_INFO
  }

  /**
   * Resolved on first use: common is on the class path of services without Redis (the simulator, health-aggregator),
   * where this bean must still validate although nothing uses it.
   */
  private final Instance<RedisDataSource> redis;

  TikTokRateLimiter(Instance<RedisDataSource> redis) {
    this.redis = redis;
  }

  /** Takes one call from the token's budget; returns how long to wait when the budget of this minute is spent. */
  public Optional<Duration> acquire(String accessToken, Endpoint endpoint, int perMinute) {
    long window = System.currentTimeMillis() / WINDOW_MS;
    String key = KEY_PREFIX + endpoint.name().toLowerCase(Locale.ROOT) + ":"
        + hash(accessToken) + ":" + window;
    long waitMs = redis.get().execute("EVAL", SCRIPT, "1", key, Integer.toString(perMinute), Long.toString(WINDOW_MS))
        .toLong();
    return waitMs > 0 ? Optional.of(Duration.ofMillis(waitMs)) : Optional.empty();
  }

  /** The first 12 bytes of the token's SHA-256, as hex. */
  private static String hash(String token) {
    return Secrets.sha256Hex(token).substring(0, 24);
  }
}
