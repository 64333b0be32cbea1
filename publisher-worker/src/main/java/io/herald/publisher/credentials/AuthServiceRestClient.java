package io.herald.publisher.credentials;

import io.quarkus.oidc.client.filter.OidcClientFilter;
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

/** auth-service's internal API (docs/internal-api.md), called with the service client's token. */
@RegisterRestClient(configKey = "auth-service")
@OidcClientFilter
@Path("/internal/v1/social-accounts/{id}")
@Produces(MediaType.APPLICATION_JSON)
interface AuthServiceRestClient {

  @GET
  @Path("/credentials")
  Response credentials(@PathParam("id") UUID socialAccountId);

  @POST
  @Path("/refresh")
  Response refresh(@PathParam("id") UUID socialAccountId);

  @POST
  @Path("/reauth-required")
  @Consumes(MediaType.APPLICATION_JSON)
  Response reauthRequired(@PathParam("id") UUID socialAccountId, ReauthRequest request);

  record ReauthRequest(String reason) {}
}
