package io.herald.content.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import io.smallrye.faulttolerance.api.CircuitBreakerName;

/** The remote calls to auth-service, each behind a named circuit breaker and a timeout. */
@ApplicationScoped
public class AuthServiceGateway {
  private final AccountsRestClient rest;

  AuthServiceGateway(@RestClient AccountsRestClient rest) {
    this.rest = rest;
  }

  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
      failOn = AccountLookupFailedException.class)
  @CircuitBreakerName("auth-service-accounts")
  @Timeout(value = 5, unit = ChronoUnit.SECONDS)
  public Optional<SocialAccount> fetch(UUID id) {
    try (Response response = rest.find(id)) {
      if (response.getStatus() == 404) {
        return Optional.empty();
      }
      if (response.getStatus() != 200) {
        throw new AccountLookupFailedException("auth-service answered " + response.getStatus(), null);
      }
      return Optional.of(response.readEntity(SocialAccount.class));
    } catch (AccountLookupFailedException e) {
      throw e;
    } catch (WebApplicationException e) {
      // the REST client raises error statuses even for a Response return type
      if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
        return Optional.empty();
      }
      throw new AccountLookupFailedException("auth-service answered " + statusOf(e), e);
    } catch (RuntimeException e) {
      throw new AccountLookupFailedException("auth-service is unreachable: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * The TikTok creator's settings behind an account (auth-service asks TikTok's creator_info), on a breaker of its own
   * so a slow or failing TikTok never opens the account look-ups' breaker, with a short timeout as a post waits for
   * it. Throws {@link NoCreatorInfo} when auth-service answered without them (an unknown or inactive account, the
   * creator's creator_info budget spent: not a failure the breaker counts), {@link AccountLookupFailedException} when
   * it failed (5xx, no answer).
   */
  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
      skipOn = NoCreatorInfo.class)
  @CircuitBreakerName("auth-service-capabilities")
  @Timeout(value = 2, unit = ChronoUnit.SECONDS)
  public CreatorInfo creatorInfo(UUID id) {
    try (Response response = rest.capabilities(id)) {
      if (response.getStatus() != 200) {
        throw unanswered(response.getStatus());
      }
      CreatorInfo info = response.readEntity(CreatorInfo.Capabilities.class).tiktok();
      if (info == null) {
        throw new NoCreatorInfo("auth-service answered no creator_info");
      }
      return info;
    } catch (NoCreatorInfo | AccountLookupFailedException e) {
      throw e;
    } catch (WebApplicationException e) {
      // the REST client raises error statuses even for a Response return type
      throw e.getResponse() == null ? new AccountLookupFailedException("auth-service answered an error", e)
          : unanswered(e.getResponse().getStatus());
    } catch (RuntimeException e) {
      throw new AccountLookupFailedException("auth-service is unreachable: " + e.getClass().getSimpleName(), e);
    }
  }

  private static RuntimeException unanswered(int status) {
    return status >= 500 ? new AccountLookupFailedException("auth-service answered " + status, null)
        : new NoCreatorInfo("auth-service answered " + status);
  }

  /** auth-service answered, without the creator's settings (404, 409, 429, or not a TikTok account). */
  public static final class NoCreatorInfo extends RuntimeException {
    NoCreatorInfo(String message) {
      super(message, null, false, false);
    }
  }

  private static String statusOf(WebApplicationException e) {
    return e.getResponse() == null ? "an error" : Integer.toString(e.getResponse().getStatus());
  }
}
