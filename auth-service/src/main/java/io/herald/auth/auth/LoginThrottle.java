package io.herald.auth.auth;

import io.herald.auth.config.AuthConfig;
import io.herald.auth.user.UserRepository;
import io.herald.common.crypto.Secrets;
import io.herald.common.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Counts failed logins per email and per client address in Redis (fixed window from the first failure); once a
 * limit is reached, logins for that email or from that address are refused until the window ends.
 */
@ApplicationScoped
public class LoginThrottle {
  private static final String PREFIX = "herald:auth:login-failures:";

  private final ValueCommands<String, Long> counters;
  private final RedisDataSource redis;
  private final AuthConfig.Login config;

  LoginThrottle(RedisDataSource redis, AuthConfig.Login config) {
    this.redis = redis;
    this.counters = redis.value(Long.class);
    this.config = config;
  }

  /** How long the caller must wait, if this email or address is throttled now. */
  public Optional<Duration> blockedFor(String email, String address) {
    try {
      var byEmail = blocked(emailKey(email), config.maxFailuresPerEmail());
      return byEmail.isPresent() ? byEmail : blocked(addressKey(address), config.maxFailuresPerAddress());
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
  }

  public void recordFailure(String email, String address) {
    try {
      increment(emailKey(email));
      increment(addressKey(address));
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
  }

  /** A successful login clears the email's failures (the address keeps its count). */
  public void clear(String email) {
    try {
      redis.key().del(emailKey(email));
    } catch (RuntimeException e) {
      Log.warnf("Could not clear the login failure counter: %s", e.getMessage());
    }
  }

  private Optional<Duration> blocked(String key, int limit) {
    Long count = counters.get(key);
    if (count == null || count < limit) {
      return Optional.empty();
    }
    long ttl = redis.key().ttl(key);
    return Optional.of(Duration.ofSeconds(Math.max(1, ttl)));
  }

  private void increment(String key) {
    counters.set(key, 0L, new SetArgs().nx().ex(config.window()));
    counters.incr(key);
  }

  private static String emailKey(String email) {
    return PREFIX + "email:" + Secrets.sha256Hex(UserRepository.normalise(email));
  }

  private static String addressKey(String address) {
    return PREFIX + "address:" + address;
  }

  private static ProblemException unavailable(RuntimeException cause) {
    Log.errorf("Login throttling store (Redis) unavailable: %s", cause.getMessage());
    return ProblemException.unavailable("Login is temporarily unavailable; try again shortly", 5);
  }
}
