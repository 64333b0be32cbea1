package io.herald.auth.social;

import io.herald.common.stream.Platform;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Single-use OAuth {@code state} values in Redis, bound to tenant, user and platform, valid 10 minutes. */
@ApplicationScoped
public class OAuthStateStore {
  static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final String PREFIX = "herald:auth:oauth-state:";

  private final ValueCommands<String, PendingConnect> values;

  OAuthStateStore(RedisDataSource redis) {
    this.values = redis.value(PendingConnect.class);
  }

  /** What a state stands for; {@code codeVerifier} is the PKCE verifier (TikTok). */
  public record PendingConnect(UUID tenantId, UUID userId, Platform platform, String codeVerifier) {}

  public void save(String state, PendingConnect pending) {
    values.setex(PREFIX + state, LIFETIME.toSeconds(), pending);
  }

  /** Takes the state out atomically (GETDEL): a second use of the same state finds nothing. */
  public Optional<PendingConnect> consume(String state) {
    return Optional.ofNullable(values.getdel(PREFIX + state));
  }
}
