package io.herald.content.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.content.config.ContentConfig;
import io.herald.content.metrics.ContentMetrics;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * Account look-ups for validation, cached in two tiers: a local in-memory cache (Quarkus cache API,
 * {@code accounts}) in front of a shared Redis tier, in front of auth-service. A Redis failure is counted and
 * skipped, so reads keep working from memory or the source while Redis is down. An id auth-service does not know is
 * remembered in the local tier too (for its TTL), so a client sending random ids costs auth-service one call per id
 * and replica, not one per request.
 */
@ApplicationScoped
public class AccountsClient {
  static final String REDIS_PREFIX = "herald:content:cache:accounts:";

  private final AuthServiceGateway gateway;
  private final RedisDataSource redis;
  private final ObjectMapper json;
  private final ContentConfig config;
  private final ContentMetrics metrics;
  private final Cache local;

  AccountsClient(AuthServiceGateway gateway, RedisDataSource redis, ObjectMapper json, ContentConfig config,
      ContentMetrics metrics, @CacheName("accounts") Cache local) {
    this.gateway = gateway;
    this.redis = redis;
    this.json = json;
    this.config = config;
    this.metrics = metrics;
    this.local = local;
  }

  /**
   * The account, or empty if auth-service does not know it; throws {@link AccountLookupFailedException} if it cannot
   * be asked.
   */
  public Optional<SocialAccount> find(UUID id) {
    try {
      return local.get(id, this::load).await().indefinitely();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof AccountLookupFailedException failed) {
          throw failed;
        }
      }
      // circuit breaker open, timeout, token endpoint down...
      throw new AccountLookupFailedException("auth-service is unavailable: " + e.getClass().getSimpleName(), e);
    }
  }

  private Optional<SocialAccount> load(UUID id) {
    SocialAccount shared = readShared(id);
    if (shared != null) {
      return Optional.of(shared);
    }
    Optional<SocialAccount> fetched = gateway.fetch(id);
    fetched.ifPresent(this::writeShared);
    return fetched;
  }

  /** Forgets an account in both tiers (after we learned its state changed). */
  public void invalidate(UUID id) {
    local.invalidate(id).await().indefinitely();
    try {
      redis.key().del(REDIS_PREFIX + id);
      metrics.accountCache("evict", "ok");
    } catch (RuntimeException e) {
      metrics.accountCache("evict", "error");
      Log.warnf("Account cache: Redis unavailable for an eviction (%s)", e.getClass().getSimpleName());
    }
  }

  private SocialAccount readShared(UUID id) {
    try {
      String value = redis.value(String.class).get(REDIS_PREFIX + id);
      metrics.accountCache("get", value == null ? "miss" : "hit");
      return value == null ? null : json.readValue(value, SocialAccount.class);
    } catch (JsonProcessingException e) {
      metrics.accountCache("get", "error");
      return null;
    } catch (RuntimeException e) {
      metrics.accountCache("get", "error");
      Log.warnf("Account cache: Redis unavailable, asking auth-service (%s)", e.getClass().getSimpleName());
      return null;
    }
  }

  private void writeShared(SocialAccount account) {
    try {
      redis.value(String.class).set(REDIS_PREFIX + account.id(), json.writeValueAsString(account),
          new SetArgs().px(config.cache().accountsTtl().toMillis()));
      metrics.accountCache("put", "ok");
    } catch (JsonProcessingException | RuntimeException e) {
      metrics.accountCache("put", "error");
    }
  }
}
