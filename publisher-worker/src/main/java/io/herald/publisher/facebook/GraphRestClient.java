package io.herald.publisher.facebook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.publish.SideEffect;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
 * {@code herald.facebook.graph-url} and the pinned version ({@code quarkus.rest-client.facebook-graph.url}: in the
 * base address, the version costs no template resolution per call). Answers come with their headers (usage headers
 * pause a Page); error answers are classified by {@link FacebookErrors}.
 */
@RegisterRestClient(configKey = "facebook-graph")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface GraphRestClient {

  @POST
  @Path("/{pageId}/feed")
  @SideEffect
  RestResponse<GraphId> createPost(@PathParam("pageId") String pageId,
      @HeaderParam("Authorization") String bearer, FeedPost post);

  @POST
  @Path("/{pageId}/photos")
  @SideEffect
  RestResponse<GraphId> uploadPhoto(@PathParam("pageId") String pageId,
      @HeaderParam("Authorization") String bearer, PhotoUpload photo);

  /** Publishes an unpublished post ({@code is_published=true}) or video ({@code published=true}) by id. */
  @POST
  @Path("/{objectId}")
  @SideEffect
  RestResponse<Success> publish(@PathParam("objectId") String objectId,
      @HeaderParam("Authorization") String bearer, Publish publish);

  /** Edits a published post's text ({@code message}). */
  @POST
  @Path("/{postId}")
  @SideEffect
  RestResponse<Success> edit(@PathParam("postId") String postId,
      @HeaderParam("Authorization") String bearer, Edit edit);

  @DELETE
  @Path("/{postId}")
  @SideEffect
  RestResponse<Success> delete(@PathParam("postId") String postId,
      @HeaderParam("Authorization") String bearer);

  @GET
  @Path("/{objectId}")
  RestResponse<GraphObject> read(@PathParam("objectId") String objectId,
      @HeaderParam("Authorization") String bearer, @QueryParam("fields") String fields);

  /** One page of a Page's edge ({@code feed}, {@code videos}), newest first. */
  @GET
  @Path("/{pageId}/{edge}")
  RestResponse<Posts> posts(@PathParam("pageId") String pageId,
      @PathParam("edge") String edge, @HeaderParam("Authorization") String bearer, @QueryParam("fields") String fields,
      @QueryParam("limit") int limit, @QueryParam("since") Long since, @QueryParam("until") Long until,
      @QueryParam("after") String after);

  /** Reels and video Stories: {@code upload_phase=start} (answers the video id) or {@code finish}. */
  @POST
  @Path("/{pageId}/{edge: video_reels|video_stories}")
  @SideEffect
  RestResponse<VideoPhaseAnswer> videoPhase(@PathParam("pageId") String pageId,
      @PathParam("edge") String edge, @HeaderParam("Authorization") String bearer, VideoPhase phase);

  /** A photo Story of a photo uploaded unpublished. */
  @POST
  @Path("/{pageId}/photo_stories")
  @SideEffect
  RestResponse<StoryAnswer> photoStory(@PathParam("pageId") String pageId,
      @HeaderParam("Authorization") String bearer, PhotoStory story);

  /** A video's processing and publishing status ({@code fields=status}). */
  @GET
  @Path("/{videoId}")
  RestResponse<VideoWithStatus> videoStatus(@PathParam("videoId") String videoId,
      @HeaderParam("Authorization") String bearer, @QueryParam("fields") String fields);

  /** A comment on a post or video, as the Page whose token is sent. */
  @POST
  @Path("/{objectId}/comments")
  @SideEffect
  RestResponse<GraphId> comment(@PathParam("objectId") String objectId,
      @HeaderParam("Authorization") String bearer, Comment comment);

  /** One page of an object's comments, newest first. */
  @GET
  @Path("/{objectId}/comments")
  RestResponse<Comments> comments(@PathParam("objectId") String objectId,
      @HeaderParam("Authorization") String bearer, @QueryParam("fields") String fields,
      @QueryParam("order") String order, @QueryParam("filter") String filter, @QueryParam("limit") int limit,
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

  /** A phase of a Reel or video Story upload session ({@code start}, or {@code finish} of {@code videoId}). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record VideoPhase(String uploadPhase, String videoId, String videoState, String description, String title) {
    static VideoPhase start() {
      return new VideoPhase("start", null, null, null, null);
    }

    static VideoPhase finishReel(String videoId, String description, String title) {
      return new VideoPhase("finish", videoId, "PUBLISHED", description, title);
    }

    static VideoPhase finishStory(String videoId) {
      return new VideoPhase("finish", videoId, null, null, null);
    }
  }

  /** What a phase answers: {@code video_id} (and {@code upload_url}) to start; {@code success} (and a Story's
   * {@code post_id}) to finish. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record VideoPhaseAnswer(String videoId, String uploadUrl, Boolean success, String postId) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PhotoStory(String photoId) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record StoryAnswer(Boolean success, String postId) {}

  record VideoWithStatus(String id, VideoStatus status) {}

  /**
   * A video's {@code status}: {@code video_status} ({@code uploading}, {@code upload_complete}, {@code processing},
   * {@code ready}, {@code published}, {@code error}, {@code expired}) and, for Reels and Stories, each phase's own.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record VideoStatus(String videoStatus, Phase uploadingPhase, Phase processingPhase, Phase publishingPhase) {}

  /** One phase: {@code status} ({@code not_started}, {@code in_progress}, {@code complete}, {@code error}). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Phase(String status, String publishStatus, List<PhaseError> errors) {}

  record PhaseError(Integer code, String message) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Comment(String message, String attachmentUrl) {}

  record Comments(List<PostedComment> data, Paging paging) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PostedComment(String id, Author from, String createdTime) {}

  record Author(String id, String name) {}

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

  record Edit(String message) {}

  /** A post ({@code is_published}) or a video ({@code published}) as read by id. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record GraphObject(String id, Boolean isPublished, Boolean published, String message) {}

  record Posts(List<Post> data, Paging paging) {}

  /** A post of a Page's feed ({@code message}) or a video ({@code description}). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Post(String id, String createdTime, Application application, String message, String description) {}

  /** The app that made a post; absent for posts made on facebook.com. */
  record Application(String id) {}

  record Paging(Cursors cursors, String next) {}

  record Cursors(String after) {}
}
