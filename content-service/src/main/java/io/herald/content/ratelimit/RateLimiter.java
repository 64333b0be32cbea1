package io.herald.content.ratelimit;

import io.herald.common.problem.ProblemException;
import io.herald.content.config.ContentConfig;
import io.herald.content.metrics.ContentMetrics;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A per-tenant token bucket for writes, kept in Redis (one atomic Lua script, Redis' own clock, so every replica
 * shares the bucket). Over the limit: 429 with {@code Retry-After} and {@code RateLimit-*} headers. When Redis cannot
 * be asked, writes are let through (counted and logged): an outage of the limiter must not refuse every write.
 */
@ApplicationScoped
public class RateLimiter {
  static final String KEY_PREFIX = "herald:content:ratelimit:";
  static final String SCRIPT = """
      local capacity = tonumber(ARGV[1])
      local rate = tonumber(ARGV[2]) / 1000
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local data = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
      local tokens = tonumber(data[1]) or capacity
      local ts = tonumber(data[2]) or now
      tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
      local allowed = 0
      if tokens >= 1 then
        tokens = tokens - 1
        allowed = 1
      end
      redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
      redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
      local retry = 0
      if allowed == 0 then retry = math.ceil((1 - tokens) / rate) end
      local reset = math.ceil((capacity - tokens) / rate)
      return {allowed, math.floor(tokens), retry, reset}
      """;

  private final RedisDataSource redis;
  private final ContentConfig config;
  private final ContentMetrics metrics;

  RateLimiter(RedisDataSource redis, ContentConfig config, ContentMetrics metrics) {
    this.redis = redis;
    this.config = config;
    this.metrics = metrics;
  }

  /** Takes one write token of the tenant, or throws the 429 problem. */
  public void acquire(UUID tenantId) {
    int capacity = config.rateLimit().capacity();
    List<Long> answer;
    try {
      var response = redis.execute("EVAL", SCRIPT, "1", KEY_PREFIX + tenantId, Integer.toString(capacity),
          Double.toString(config.rateLimit().refillPerSecond()));
      answer = List.of(response.get(0).toLong(), response.get(1).toLong(), response.get(2).toLong(),
          response.get(3).toLong());
    } catch (RuntimeException e) {
      metrics.rateLimitError();
      Log.warnf("Rate limiter unavailable (%s); letting the write through", e.getClass().getSimpleName());
      return;
    }
    if (answer.get(0) == 1L) {
      return;
    }
    metrics.rateLimited();
    long retryAfter = Math.max(1, (answer.get(2) + 999) / 1000);
    long reset = Math.max(1, (answer.get(3) + 999) / 1000);
    throw ProblemException.tooManyRequests("Too many writes for this tenant; retry in " + retryAfter + " s",
        retryAfter, Map.of("RateLimit-Limit", Integer.toString(capacity),
            "RateLimit-Remaining", Long.toString(answer.get(1)), "RateLimit-Reset", Long.toString(reset)));
  }
}
