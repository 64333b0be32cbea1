package io.herald.auth.social;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The Graph API calls of the Facebook Login flow (reference §A1). */
@Path("/{version}")
@Produces(MediaType.APPLICATION_JSON)
interface FacebookRestClient {

  @GET
  @Path("/oauth/access_token")
  JsonNode exchangeCode(@PathParam("version") String version, @QueryParam("client_id") String clientId,
      @QueryParam("redirect_uri") String redirectUri, @QueryParam("client_secret") String clientSecret,
      @QueryParam("code") String code);

  @GET
  @Path("/oauth/access_token")
  JsonNode exchangeForLongLived(@PathParam("version") String version, @QueryParam("grant_type") String grantType,
      @QueryParam("client_id") String clientId, @QueryParam("client_secret") String clientSecret,
      @QueryParam("fb_exchange_token") String userToken);

  @GET
  @Path("/me/accounts")
  JsonNode pages(@PathParam("version") String version, @QueryParam("fields") String fields,
      @QueryParam("limit") int limit, @QueryParam("access_token") String userToken);
}
