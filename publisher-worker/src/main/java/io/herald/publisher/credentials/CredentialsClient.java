package io.herald.publisher.credentials;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.publish.PlatformResponse;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Platform tokens from auth-service, cached until shortly before {@code expiresAt} and dropped as soon as a platform
 * rejects them. Refreshes (TikTok) and reauth reports go through auth-service, which owns the tokens.
 */
@ApplicationScoped
public class CredentialsClient {
  private final AuthServiceRestClient auth;
  private final PublisherConfig config;
  private final ObjectMapper json;
  private final Clock clock;
  private final Map<UUID, Credentials> cache = new ConcurrentHashMap<>();

  CredentialsClient(@RestClient AuthServiceRestClient auth, PublisherConfig config, ObjectMapper json) {
    this.auth = auth;
    this.config = config;
    this.json = json;
    this.clock = Clock.systemUTC();
  }

  public Credentials get(UUID socialAccountId) {
    Credentials cached = cache.get(socialAccountId);
    if (cached != null && isFresh(cached)) {
      return cached;
    }
    Credentials fresh = read(() -> auth.credentials(socialAccountId), socialAccountId);
    cache.put(socialAccountId, fresh);
    return fresh;
  }

  /** Forces a refresh (after the platform said the token is invalid); {@link NeedsReauthException} on invalid_grant. */
  public Credentials refresh(UUID socialAccountId) {
    cache.remove(socialAccountId);
    Credentials fresh = read(() -> auth.refresh(socialAccountId), socialAccountId);
    cache.put(socialAccountId, fresh);
    return fresh;
  }

  /** Drops the cached token, e.g. after a platform auth error. */
  public void forget(UUID socialAccountId) {
    cache.remove(socialAccountId);
  }

  /** Tells auth-service the account must be reconnected; a failure to tell it is logged, the target fails anyway. */
  public void reportReauthRequired(UUID socialAccountId, String reason) {
    cache.remove(socialAccountId);
    try (Response response = auth.reauthRequired(socialAccountId, new AuthServiceRestClient.ReauthRequest(reason))) {
      if (response.getStatus() >= 300) {
        Log.warnf("auth-service answered %d to reauth-required for account %s", response.getStatus(), socialAccountId);
      }
    } catch (WebApplicationException e) {
      Log.warnf("auth-service answered %d to reauth-required for account %s",
          e.getResponse().getStatus(), socialAccountId);
    } catch (ProcessingException e) {
      Log.warnf("Could not report reauth-required for account %s: %s", socialAccountId, e.getMessage());
    }
  }

  private boolean isFresh(Credentials credentials) {
    return credentials.expiresAt() == null
        || credentials.expiresAt().minus(config.credentials().expirySkew()).isAfter(clock.instant());
  }

  private Credentials read(Supplier<Response> call, UUID socialAccountId) {
    PlatformResponse response;
    try {
      response = PlatformResponse.read(call.get());
    } catch (WebApplicationException e) {
      response = PlatformResponse.read(e.getResponse());
    } catch (ProcessingException e) {
      throw new CredentialsUnavailableException("auth-service is unreachable: " + e.getMessage(), e);
    }
    if (response.status() == 409 && response.json().path("type").asText("").endsWith("/needs-reauth")) {
      throw new NeedsReauthException(response.json().path("detail").asText("The account must be reconnected"));
    }
    if (response.status() == 404) {
      throw new AccountNotFoundException("Social account " + socialAccountId + " is unknown to auth-service");
    }
    if (!response.isSuccess()) {
      throw new CredentialsUnavailableException("auth-service answered HTTP " + response.status(), null);
    }
    try {
      return json.readValue(response.body(), Credentials.class);
    } catch (IOException e) {
      throw new CredentialsUnavailableException("auth-service sent unreadable credentials", e);
    }
  }
}
