package io.herald.publisher.facebook;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Video publishing by {@code file_url}, on {@code herald.facebook.graph-video-url}. */
@RegisterRestClient(configKey = "facebook-graph-video")
@Path("/{version}/{pageId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface GraphVideoRestClient {

  @POST
  @Path("/videos")
  Response videos(@PathParam("version") String version, @PathParam("pageId") String pageId,
      @HeaderParam("Authorization") String bearer, Map<String, Object> body);
}
