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

/** The Graph API calls for Page posts (platform-apis.md §A2, §D), on {@code herald.facebook.graph-url}. */
@RegisterRestClient(configKey = "facebook-graph")
@Path("/{version}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface GraphRestClient {

  @POST
  @Path("/{pageId}/feed")
  Response feed(@PathParam("version") String version, @PathParam("pageId") String pageId,
      @HeaderParam("Authorization") String bearer, Map<String, Object> body);

  @POST
  @Path("/{pageId}/photos")
  Response photos(@PathParam("version") String version, @PathParam("pageId") String pageId,
      @HeaderParam("Authorization") String bearer, Map<String, Object> body);

  /** Updates an object by id: {@code is_published=true} publishes an unpublished post, {@code published=true} a video. */
  @POST
  @Path("/{objectId}")
  Response update(@PathParam("version") String version, @PathParam("objectId") String objectId,
      @HeaderParam("Authorization") String bearer, Map<String, Object> body);

  @GET
  @Path("/{objectId}")
  Response read(@PathParam("version") String version, @PathParam("objectId") String objectId,
      @HeaderParam("Authorization") String bearer, @QueryParam("fields") String fields);

  /** One page of a Page's edge ({@code feed}, {@code videos}), newest first. */
  @GET
  @Path("/{pageId}/{edge}")
  Response edge(@PathParam("version") String version, @PathParam("pageId") String pageId,
      @PathParam("edge") String edge, @HeaderParam("Authorization") String bearer, @QueryParam("fields") String fields,
      @QueryParam("limit") int limit, @QueryParam("since") Long since, @QueryParam("until") Long until,
      @QueryParam("after") String after);
}
