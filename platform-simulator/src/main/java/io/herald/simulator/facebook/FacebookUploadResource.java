package io.herald.simulator.facebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.simulator.core.Endpoint;
import io.herald.simulator.core.PlatformCalls;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The simulated {@code rupload.facebook.com}: a Reel's or video Story's bytes, by hosted {@code file_url} header or
 * in the body ({@code offset}, {@code file_size}), with {@code Authorization: OAuth <page token>}.
 */
@Path("/video-upload")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class FacebookUploadResource {
  private final FacebookPublishService publish;
  private final PlatformCalls calls;
  private final ObjectMapper json;

  FacebookUploadResource(FacebookPublishService publish, PlatformCalls calls, ObjectMapper json) {
    this.publish = publish;
    this.calls = calls;
    this.json = json;
  }

  @POST
  @Path("/{version}/{videoId}")
  public Response upload(@PathParam("videoId") String videoId, @HeaderParam("file_url") String fileUrl,
      @HeaderParam("file_size") Long fileSize, byte[] body, @Context UriInfo uri, @Context HttpHeaders headers) {
    return calls.handle(Endpoint.FACEBOOK_UPLOAD, call -> publish.upload(videoId, fileUrl, body, fileSize,
        GraphParams.of(uri, headers, null, json)));
  }
}
