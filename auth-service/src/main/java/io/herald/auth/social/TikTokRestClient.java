package io.herald.auth.social;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;

/** TikTok OAuth v2 (reference §B1): token (authorization_code and refresh_token grants) and revoke. */
@Path("/v2/oauth")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.APPLICATION_JSON)
interface TikTokRestClient {

  @POST
  @Path("/token/")
  JsonNode token(MultivaluedMap<String, String> form);

  @POST
  @Path("/revoke/")
  JsonNode revoke(MultivaluedMap<String, String> form);
}
