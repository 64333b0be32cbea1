package io.herald.publisher.facebook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.publish.SideEffect;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
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
import java.lang.reflect.Method;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The Graph API calls for Page posts ({@code docs/platforms.md} §1.2 "Publishing"), on
 * {@code herald.facebook.graph-url}. Answers come with their headers (usage headers pause a Page); error answers are
 * classified by {@link FacebookErrors}.
 */
@RegisterRestClient(configKey = "facebook-graph")
@Path("/{version}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface GraphRestClient {

  @POST
  @Path("/{pageId}/feed")
  @SideEffect
  RestResponse<GraphId> createPost(@PathParam("version") String version, @PathParam("pageId") String pageId,
      @HeaderParam("Authorization") String bearer, FeedPost post);

  @POST
  @Path("/{pageId}/photos")
  @SideEffect
  RestResponse<GraphId> uploadPhoto(@PathParam("version") String version, @PathParam("pageId") String pageId,
      @HeaderParam("Authorization") String bearer, PhotoUpload photo);

  /** Publishes an unpublished post ({@code is_published=true}) or video ({@code published=true}) by id. */
  @POST
  @Path("/{objectId}")
  @SideEffect
  RestResponse<Success> publish(@PathParam("version") String version, @PathParam("objectId") String objectId,
      @HeaderParam("Authorization") String bearer, Publish publish);

  @GET
  @Path("/{objectId}")
  RestResponse<GraphObject> read(@PathParam("version") String version, @PathParam("objectId") String objectId,
      @HeaderParam("Authorization") String bearer, @QueryParam("fields") String fields);

  /** One page of a Page's edge ({@code feed}, {@code videos}), newest first. */
  @GET
  @Path("/{pageId}/{edge}")
  RestResponse<Posts> posts(@PathParam("version") String version, @PathParam("pageId") String pageId,
      @PathParam("edge") String edge, @HeaderParam("Authorization") String bearer, @QueryParam("fields") String fields,
      @QueryParam("limit") int limit, @QueryParam("since") Long since, @QueryParam("until") Long until,
      @QueryParam("after") String after);

  @ClientExceptionMapper
  static PlatformFailure failure(Response response, Method operation) {
    return PlatformFailure.answered(response, operation, FacebookErrors::classify);
  }

  /** What a create answers. */
  record GraphId(String id) {}

  /** A Page post, created unpublished; no empty {@code message} is ever sent. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FeedPost(String message, String link, List<AttachedMedia> attachedMedia, boolean published) {}

  /** A photo uploaded unpublished, attached to a post by its id. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record AttachedMedia(String mediaFbid) {}

  record PhotoUpload(String url, boolean published) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Publish(Boolean isPublished, Boolean published) {
    static Publish post() {
      return new Publish(true, null);
    }

    static Publish video() {
      return new Publish(null, true);
    }
  }

  record Success(Boolean success) {}

  /** A post ({@code is_published}) or a video ({@code published}) as read by id. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record GraphObject(String id, Boolean isPublished, Boolean published) {}

  record Posts(List<Post> data, Paging paging) {}

  /** A post of a Page's feed ({@code message}) or a video ({@code description}). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Post(String id, String createdTime, Application application, String message, String description) {}

  /** The app that made a post; absent for posts made on facebook.com. */
  record Application(String id) {}

  record Paging(Cursors cursors, String next) {}

  record Cursors(String after) {}
}
