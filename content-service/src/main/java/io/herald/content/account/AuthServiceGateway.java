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

/** The remote call to auth-service, behind a named circuit breaker and a timeout. */
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

  private static String statusOf(WebApplicationException e) {
    return e.getResponse() == null ? "an error" : Integer.toString(e.getResponse().getStatus());
  }
}
