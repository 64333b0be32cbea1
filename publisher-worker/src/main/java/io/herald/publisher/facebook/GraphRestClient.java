package io.herald.publisher.facebook;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The Graph API calls for Page posts (platform-apis.md §A2), on {@code herald.facebook.graph-url}. */
@RegisterRestClient(configKey = "facebook-graph")
@Path("/{version}/{pageId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface GraphRestClient {

  @POST
  @Path("/feed")
  Response feed(@PathParam("version") String version, @PathParam("pageId") String pageId,
      @HeaderParam("Authorization") String bearer, Map<String, Object> body);

  @POST
  @Path("/photos")
  Response photos(@PathParam("version") String version, @PathParam("pageId") String pageId,
      @HeaderParam("Authorization") String bearer, Map<String, Object> body);

  @GET
  @Path("/feed")
  Response readFeed(@PathParam("version") String version, @PathParam("pageId") String pageId,
      @HeaderParam("Authorization") String bearer, @QueryParam("fields") String fields, @QueryParam("limit") int limit);
}
