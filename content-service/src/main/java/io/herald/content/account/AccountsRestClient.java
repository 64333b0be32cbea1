package io.herald.content.account;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** auth-service's internal account API (docs/internal-api.md), called with a client_credentials service token. */
@RegisterRestClient(configKey = "auth-service")
@OidcClientFilter
@Path("/internal/v1/social-accounts")
interface AccountsRestClient {

  /** 200 with the account, 404 if unknown; answered as a raw Response so a 404 is not an exception. */
  @GET
  @Path("/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  Response find(@PathParam("id") UUID id);

  /** 200 with what the account can publish now (TikTok: creator_info); 404, 409, 429, 502 or 503 problems. */
  @GET
  @Path("/{id}/capabilities")
  @Produces(MediaType.APPLICATION_JSON)
  Response capabilities(@PathParam("id") UUID id);
}
