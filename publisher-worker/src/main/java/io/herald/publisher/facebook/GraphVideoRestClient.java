package io.herald.publisher.facebook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.herald.publisher.facebook.GraphRestClient.GraphId;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.publish.SideEffect;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.File;
import java.lang.reflect.Method;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Video uploads by {@code file_url} ({@code docs/platforms.md} §1.2 "Publishing"), on
 * {@code herald.facebook.graph-video-url} and the pinned version
 * ({@code quarkus.rest-client.facebook-graph-video.url}).
 */
@RegisterRestClient(configKey = "facebook-graph-video")
@Path("/{pageId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface GraphVideoRestClient {

  @POST
  @Path("/videos")
  @SideEffect
  RestResponse<GraphId> createVideo(@PathParam("pageId") String pageId,
      @HeaderParam("Authorization") String bearer, VideoPost video);

  /** The same, with a thumbnail image ({@code thumb} takes a file only, so the request is multipart). */
  @POST
  @Path("/videos")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @SideEffect
  RestResponse<GraphId> createVideoWithThumb(@PathParam("pageId") String pageId,
      @HeaderParam("Authorization") String bearer, @RestForm("file_url") String fileUrl,
      @RestForm("title") String title, @RestForm("description") String description,
      @RestForm("published") String published, @RestForm("thumb") @PartType("image/jpeg") File thumb);

  @ClientExceptionMapper
  static PlatformFailure failure(Response response, Method operation) {
    return PlatformFailure.answered(response, operation, FacebookErrors::classify);
  }

  /**
   * A video, created unpublished from its URL, with its title; {@code thumbnailUrl} is not sent as such: the image is
   * downloaded and sent as {@code thumb} ({@link #createVideoWithThumb}).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record VideoPost(String fileUrl, String title, String description, boolean published,
      @JsonIgnore String thumbnailUrl) {}
}
