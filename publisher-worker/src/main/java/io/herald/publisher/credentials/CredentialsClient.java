package io.herald.publisher.credentials;

import io.herald.publisher.config.PublisherConfig;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Platform tokens from auth-service, kept in the bounded {@code credentials} cache (Quarkus cache API: size, TTL and
 * hit/miss metrics in {@code quarkus.cache.caffeine."credentials".*}). A token within
 * {@code herald.publisher.credentials.expiry-skew} of its {@code expiresAt} is never served from the cache; a refresh
 * replaces it, an auth error drops it, and so does auth-service's word that the account was disconnected or needs
 * reauthorization ({@link AccountEventsFollower}). Refreshes (TikTok) and reauth reports go through auth-service, which owns
 * the tokens.
 */
@ApplicationScoped
public class CredentialsClient {
  private final AuthServiceClient auth;
  private final Cache cache;
  private final PublisherConfig config;

  CredentialsClient(AuthServiceClient auth, @CacheName("credentials") Cache cache, PublisherConfig config) {
    this.auth = auth;
    this.cache = cache;
    this.config = config;
  }

  public Credentials get(UUID socialAccountId) {
    Credentials cached = load(socialAccountId);
    if (isFresh(cached)) {
      return cached;
    }
    invalidate(socialAccountId);
    return load(socialAccountId);
  }

  /** Forces a refresh (after the platform said the token is invalid); {@link NeedsReauthException} on invalid_grant. */
  public Credentials refresh(UUID socialAccountId) {
    invalidate(socialAccountId);
    Credentials fresh;
    try {
      fresh = auth.refresh(socialAccountId);
    } catch (CircuitBreakerOpenException e) {
      throw unavailable(e);
    }
    cache.as(CaffeineCache.class).put(socialAccountId, CompletableFuture.completedFuture(fresh));
    return fresh;
  }

  /** Tells auth-service the account must be reconnected, and drops its token. */
  public void reportReauthRequired(UUID socialAccountId, String reason) {
    invalidate(socialAccountId);
    auth.reportReauthRequired(socialAccountId, reason);
  }

  /** Drops the account's cached token (auth-service said the account stopped being usable). */
  public void forget(UUID socialAccountId) {
    invalidate(socialAccountId);
  }

  private Credentials load(UUID socialAccountId) {
    try {
      return cache.get(socialAccountId, auth::credentials).await().indefinitely();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof NeedsReauthException || t instanceof AccountNotFoundException
            || t instanceof CredentialsUnavailableException) {
          throw (RuntimeException) t;
        }
      }
      // the breaker is open, the token endpoint is down...
      throw unavailable(e);
    }
  }

  private static CredentialsUnavailableException unavailable(RuntimeException e) {
    return new CredentialsUnavailableException("auth-service is unavailable: " + e, e);
  }

  private void invalidate(UUID socialAccountId) {
    cache.invalidate(socialAccountId).await().indefinitely();
  }

  private boolean isFresh(Credentials credentials) {
    return credentials.expiresAt() == null
        || credentials.expiresAt().minus(config.credentials().expirySkew()).isAfter(Instant.now());
  }
}
