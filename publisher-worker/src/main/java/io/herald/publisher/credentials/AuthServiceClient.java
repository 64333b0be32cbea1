package io.herald.publisher.credentials;

import io.herald.publisher.credentials.AuthServiceRestClient.ReauthRequest;
import io.herald.publisher.publish.Breakers;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * auth-service's internal API, one method per operation, behind the circuit breaker named
 * {@value Breakers#AUTH_SERVICE}; timeouts are the REST client's ({@code quarkus.rest-client.auth-service.*}).
 * auth-service unreachable or failing is {@link CredentialsUnavailableException}; an unknown account
 * {@link AccountNotFoundException}; one that must be reconnected {@link NeedsReauthException}.
 */
@ApplicationScoped
public class AuthServiceClient {
  private final AuthServiceRestClient rest;
  private final Guard breaker;

  AuthServiceClient(@RestClient AuthServiceRestClient rest, @Identifier(Breakers.AUTH_SERVICE) Guard breaker) {
    this.rest = rest;
    this.breaker = breaker;
  }

  public Credentials credentials(UUID socialAccountId) {
    return call(socialAccountId, () -> rest.credentials(socialAccountId));
  }

  /** A new token from the platform (TikTok); {@link NeedsReauthException} on {@code invalid_grant}. */
  public Credentials refresh(UUID socialAccountId) {
    return call(socialAccountId, () -> rest.refresh(socialAccountId));
  }

  /** Tells auth-service the account must be reconnected; a failure to tell it is logged, the target fails anyway. */
  public void reportReauthRequired(UUID socialAccountId, String reason) {
    try {
      rest.reauthRequired(socialAccountId, new ReauthRequest(reason));
    } catch (ProcessingException | CredentialsUnavailableException | AccountNotFoundException
        | NeedsReauthException e) {
      Log.warnf("Could not report reauth-required for account %s: %s", socialAccountId, e.getMessage());
    }
  }

  private Credentials call(UUID socialAccountId, Supplier<Credentials> request) {
    return Breakers.call(breaker, () -> answered(socialAccountId, request));
  }

  private static Credentials answered(UUID socialAccountId, Supplier<Credentials> request) {
    try {
      Credentials credentials = request.get();
      if (credentials == null) {
        throw new CredentialsUnavailableException("auth-service sent no credentials", null);
      }
      return credentials;
    } catch (AccountDisconnectedException e) {
      throw e;
    } catch (AccountNotFoundException e) {
      throw new AccountNotFoundException("Social account " + socialAccountId + " is unknown to auth-service");
    } catch (ProcessingException e) {
      throw new CredentialsUnavailableException("auth-service is unreachable: " + e.getMessage(), e);
    }
  }
}
