package io.herald.auth.auth;

import io.herald.auth.config.AuthConfig;
import io.herald.auth.user.UserRepository;
import io.herald.common.crypto.Secrets;
import io.herald.common.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Soft, captcha-free login throttling in Redis (policy: {@link AuthConfig.Login}). Every attempt is counted as a
 * failure <em>before</em> the password is checked, by one Lua script that checks and counts atomically, so parallel
 * guesses cannot all slip through before the first one is counted; a correct password then takes its count back.
 * Three scopes: the email (from anywhere), the client address (any email) and the pair; each lets its first
 * failures through and then makes every further attempt wait an exponentially growing, capped delay after the last
 * failure. A refused attempt is not counted. Keys share the hash tag {@code {login}}, so the script touches one
 * slot of a Redis Cluster.
 */
@ApplicationScoped
public class LoginThrottle {
  private static final String PREFIX = "herald:auth:{login}:";

  /**
   * KEYS: the scopes; ARGV: window ms, base delay ms, then per scope its free failures and max delay ms. Answers the
   * milliseconds to wait (nothing counted), or 0 (the attempt was counted in every scope).
   */
  static final String ATTEMPT = """
      if redis.replicate_commands then redis.replicate_commands() end
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local window = tonumber(ARGV[1])
      local base = tonumber(ARGV[2])
      local wait = 0
      for i = 1, #KEYS do
        local free = tonumber(ARGV[1 + 2 * i])
        local max = tonumber(ARGV[2 + 2 * i])
        local state = redis.call('HMGET', KEYS[i], 'n', 't')
        local n = tonumber(state[1] or '0')
        if n >= free then
          local exponent = math.min(n - free, 40)
          local delay = math.min(base * (2 ^ exponent), max)
          local remaining = tonumber(state[2] or '0') + delay - now
          if remaining > wait then wait = remaining end
        end
      end
      if wait > 0 then return math.ceil(wait) end
      for i = 1, #KEYS do
        redis.call('HINCRBY', KEYS[i], 'n', 1)
        redis.call('HSET', KEYS[i], 't', now)
        redis.call('PEXPIRE', KEYS[i], window)
      end
      return 0
      """;

  /** KEYS: email, pair, address. The email's and the pair's failures are forgotten; the address takes one back. */
  static final String SUCCEEDED = """
      redis.call('DEL', KEYS[1], KEYS[2])
      local n = tonumber(redis.call('HGET', KEYS[3], 'n') or '0')
      if n > 0 then redis.call('HINCRBY', KEYS[3], 'n', -1) end
      return 0
      """;

  /** KEYS: one scope, which takes one attempt back. */
  static final String TAKE_BACK = """
      local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
      if n > 0 then redis.call('HINCRBY', KEYS[1], 'n', -1) end
      return 0
      """;

  private final RedisDataSource redis;
  private final AuthConfig.Login config;

  LoginThrottle(RedisDataSource redis, AuthConfig.Login config) {
    this.redis = redis;
    this.config = config;
  }

  /**
   * Counts a login attempt, or answers how long the caller must wait first (then nothing was counted). Call
   * {@link #succeeded} when the password was right.
   */
  public Optional<Duration> attempt(String email, String address) {
    try {
      var answer = redis.execute("EVAL", ATTEMPT, "3", emailKey(email), addressKey(address), pairKey(email, address),
          ms(config.window()), ms(config.baseDelay()),
          Integer.toString(config.emailFreeFailures()), ms(config.emailMaxDelay()),
          Integer.toString(config.addressFreeFailures()), ms(config.addressMaxDelay()),
          Integer.toString(config.clientFreeFailures()), ms(config.clientMaxDelay()));
      long waitMillis = answer == null ? 0 : answer.toLong();
      return waitMillis > 0 ? Optional.of(Duration.ofMillis(waitMillis)) : Optional.empty();
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
  }

  /** The password was right: the email and the pair start afresh, the address takes this attempt back. */
  public void succeeded(String email, String address) {
    try {
      redis.execute("EVAL", SUCCEEDED, "3", emailKey(email), pairKey(email, address), addressKey(address));
    } catch (RuntimeException e) {
      Log.warnf("Could not clear the login failure counters: %s", e.getMessage());
    }
  }

  /**
   * Counts a signup against the client address's scope (the one failed logins count in), or answers how long the
   * address must wait first. Call {@link #signupSucceeded} when the signup created a tenant: only signups that hit
   * an existing email stay counted, so probing for accounts through signup costs what guessing passwords costs.
   */
  public Optional<Duration> signupAttempt(String address) {
    try {
      var answer = redis.execute("EVAL", ATTEMPT, "1", addressKey(address), ms(config.window()),
          ms(config.baseDelay()), Integer.toString(config.addressFreeFailures()), ms(config.addressMaxDelay()));
      long waitMillis = answer == null ? 0 : answer.toLong();
      return waitMillis > 0 ? Optional.of(Duration.ofMillis(waitMillis)) : Optional.empty();
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
  }

  /** The signup created a tenant: the address takes its attempt back. */
  public void signupSucceeded(String address) {
    try {
      redis.execute("EVAL", TAKE_BACK, "1", addressKey(address));
    } catch (RuntimeException e) {
      Log.warnf("Could not take back a signup attempt: %s", e.getMessage());
    }
  }

  private static String ms(Duration duration) {
    return Long.toString(Math.max(1, duration.toMillis()));
  }

  private static String emailKey(String email) {
    return PREFIX + "email:" + Secrets.sha256Hex(UserRepository.normalise(email));
  }

  private static String addressKey(String address) {
    return PREFIX + "address:" + Secrets.sha256Hex(address);
  }

  private static String pairKey(String email, String address) {
    return PREFIX + "pair:" + Secrets.sha256Hex(UserRepository.normalise(email) + "\n" + address);
  }

  private static ProblemException unavailable(RuntimeException cause) {
    Log.errorf("Login throttling store (Redis) unavailable: %s", cause.getMessage());
    return ProblemException.unavailable("Login is temporarily unavailable; try again shortly", 5);
  }
}
