package io.herald.publisher.facebook;

import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.facebook.GraphRestClient.Comment;
import io.herald.publisher.facebook.GraphRestClient.Comments;
import io.herald.publisher.facebook.GraphRestClient.FeedPost;
import io.herald.publisher.facebook.GraphRestClient.GraphId;
import io.herald.publisher.facebook.GraphRestClient.GraphObject;
import io.herald.publisher.facebook.GraphRestClient.PhotoStory;
import io.herald.publisher.facebook.GraphRestClient.PhotoUpload;
import io.herald.publisher.facebook.GraphRestClient.Posts;
import io.herald.publisher.facebook.GraphRestClient.Publish;
import io.herald.publisher.facebook.GraphRestClient.StoryAnswer;
import io.herald.publisher.facebook.GraphRestClient.Success;
import io.herald.publisher.facebook.GraphRestClient.VideoPhase;
import io.herald.publisher.facebook.GraphRestClient.VideoPhaseAnswer;
import io.herald.publisher.facebook.GraphRestClient.VideoWithStatus;
import io.herald.publisher.facebook.GraphVideoRestClient.VideoPost;
import io.herald.publisher.facebook.RuploadRestClient.Uploaded;
import io.herald.publisher.publish.Breakers;
import io.herald.publisher.publish.Transport;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.io.File;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The Graph API operations Herald uses, one method each, all behind the one circuit breaker named
 * {@value Breakers#FACEBOOK} (5xx answers and calls without an answer count, refusals do not). Timeouts are the REST
 * clients' ({@code quarkus.rest-client.facebook-graph.read-timeout}, 10 s). Error answers arrive classified as
 * {@link io.herald.publisher.publish.PlatformFailure} (by {@link FacebookErrors}); a call without an answer is
 * classified here, as an unknown outcome when it may have created or published something.
 */
@ApplicationScoped
public class FacebookClient {
  private final GraphRestClient graph;
  private final GraphVideoRestClient video;
  private final RuploadRestClient rupload;
  private final Guard breaker;

  FacebookClient(@RestClient GraphRestClient graph, @RestClient GraphVideoRestClient video,
      @RestClient RuploadRestClient rupload, @Identifier(Breakers.FACEBOOK) Guard breaker) {
    this.graph = graph;
    this.video = video;
    this.rupload = rupload;
    this.breaker = breaker;
  }

  public RestResponse<GraphId> createPost(Credentials page, FeedPost post) {
    return call(true, () -> graph.createPost(page.externalId(), page.bearer(), post));
  }

  public RestResponse<GraphId> uploadPhoto(Credentials page, PhotoUpload photo) {
    return call(true, () -> graph.uploadPhoto(page.externalId(), page.bearer(), photo));
  }

  public RestResponse<GraphId> createVideo(Credentials page, VideoPost post) {
    return call(true, () -> video.createVideo(page.externalId(), page.bearer(), post));
  }

  /** A video with a thumbnail image, already downloaded (and checked) by Herald. */
  public RestResponse<GraphId> createVideo(Credentials page, VideoPost post, File thumb) {
    return call(true, () -> video.createVideoWithThumb(page.externalId(), page.bearer(), post.fileUrl(),
        post.title(), post.description(), Boolean.toString(post.published()), thumb));
  }

  /** A phase of a Reel's ({@code video_reels}) or video Story's ({@code video_stories}) upload session. */
  public RestResponse<VideoPhaseAnswer> videoPhase(Credentials page, String edge, VideoPhase phase) {
    return call(true, () -> graph.videoPhase(page.externalId(), edge, page.bearer(), phase));
  }

  /** The bytes of a Reel's or video Story's video, fetched by Facebook from {@code fileUrl}. */
  public RestResponse<Uploaded> uploadByUrl(Credentials page, String videoId, String fileUrl) {
    return call(false, () -> rupload.uploadByUrl(videoId, "OAuth " + page.accessToken(), fileUrl));
  }

  public RestResponse<StoryAnswer> photoStory(Credentials page, String photoId) {
    return call(true, () -> graph.photoStory(page.externalId(), page.bearer(), new PhotoStory(photoId)));
  }

  public RestResponse<VideoWithStatus> videoStatus(Credentials page, String videoId) {
    return call(false, () -> graph.videoStatus(videoId, page.bearer(), "status"));
  }

  public RestResponse<GraphId> comment(Credentials page, String objectId, Comment comment) {
    return call(true, () -> graph.comment(objectId, page.bearer(), comment));
  }

  /** One page of 100 comments of an object, newest first (all of them, replies included). */
  public RestResponse<Comments> comments(Credentials page, String objectId, String after) {
    return call(false, () -> graph.comments(objectId, page.bearer(), "id,from,created_time",
        "reverse_chronological", "stream", 100, after));
  }

  public RestResponse<Success> publish(Credentials page, String objectId, Publish publish) {
    return call(true, () -> graph.publish(objectId, page.bearer(), publish));
  }

  /** Sets a published post's text ({@code POST /{post-id}} with {@code message}). */
  public RestResponse<Success> edit(Credentials page, String postId, String message) {
    return call(true, () -> graph.edit(postId, page.bearer(), new GraphRestClient.Edit(message)));
  }

  public RestResponse<Success> delete(Credentials page, String postId) {
    return call(true, () -> graph.delete(postId, page.bearer()));
  }

  /** A post's text as read by id ({@code fields=id,message}); an error answer when it does not exist. */
  public java.util.Optional<String> message(Credentials page, String postId) {
    GraphObject post = call(false, () -> graph.read(postId, page.bearer(), "id,message")).getEntity();
    return java.util.Optional.ofNullable(post).map(GraphObject::message);
  }

  public RestResponse<GraphObject> read(Credentials page, String objectId, String fields) {
    return call(false, () -> graph.read(objectId, page.bearer(), fields));
  }

  /** One page of 100 posts of the Page's {@code edge} ({@code feed}, {@code videos}), newest first. */
  public RestResponse<Posts> posts(Credentials page, String edge, String fields, long since, long until,
      String after) {
    return call(false, () -> graph.posts(page.externalId(), edge, page.bearer(), fields, 100, since, until,
        after));
  }

  private <T> RestResponse<T> call(boolean sideEffect, Supplier<RestResponse<T>> request) {
    return Breakers.call(breaker, () -> answered(sideEffect, request));
  }

  private static <T> RestResponse<T> answered(boolean sideEffect, Supplier<RestResponse<T>> request) {
    try {
      return request.get();
    } catch (ProcessingException e) {
      throw Transport.unanswered("facebook", "The Graph API", e, sideEffect);
    }
  }
}
