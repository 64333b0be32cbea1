package io.herald.publisher.credentials;

import io.herald.publisher.publish.PlatformResponse;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** auth-service's internal API ({@code docs/internal-api.md}), called with the service client's token. */
@RegisterRestClient(configKey = "auth-service")
@OidcClientFilter
@Path("/internal/v1/social-accounts/{id}")
@Produces(MediaType.APPLICATION_JSON)
interface AuthServiceRestClient {

  @GET
  @Path("/credentials")
  Credentials credentials(@PathParam("id") UUID socialAccountId);

  @POST
  @Path("/refresh")
  Credentials refresh(@PathParam("id") UUID socialAccountId);

  @POST
  @Path("/reauth-required")
  @Consumes(MediaType.APPLICATION_JSON)
  void reauthRequired(@PathParam("id") UUID socialAccountId, ReauthRequest request);

  record ReauthRequest(String reason) {}

  /**
   * 409 {@code .../account-disconnected}: a user disconnected it; 409 {@code .../needs-reauth}: it must be reconnected;
   * 404: unknown; anything else: unavailable.
   */
  @ClientExceptionMapper
  static RuntimeException failure(Response response) {
    PlatformResponse answer = PlatformResponse.read(response);
    if (answer.status() == 409 && answer.json().path("type").asText("").endsWith("/account-disconnected")) {
      return new AccountDisconnectedException(answer.json().path("detail").asText("The account was disconnected"));
    }
    if (answer.status() == 409 && answer.json().path("type").asText("").endsWith("/needs-reauth")) {
      return new NeedsReauthException(answer.json().path("detail").asText("The account must be reconnected"));
    }
    if (answer.status() == 404) {
      return new AccountNotFoundException("The social account is unknown to auth-service");
    }
    return new CredentialsUnavailableException("auth-service answered HTTP " + answer.status(), null);
  }
}
