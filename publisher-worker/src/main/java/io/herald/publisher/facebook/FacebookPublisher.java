package io.herald.publisher.facebook;

import io.herald.common.stream.JobPayload;
import io.herald.common.stream.Media;
import io.herald.publisher.config.FacebookConfig;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.facebook.FacebookPost.Kind;
import io.herald.publisher.facebook.GraphRestClient.AttachedMedia;
import io.herald.publisher.facebook.GraphRestClient.FeedPost;
import io.herald.publisher.facebook.GraphRestClient.GraphId;
import io.herald.publisher.facebook.GraphRestClient.GraphObject;
import io.herald.publisher.facebook.GraphRestClient.PhotoUpload;
import io.herald.publisher.facebook.GraphRestClient.Posts;
import io.herald.publisher.facebook.GraphRestClient.Publish;
import io.herald.publisher.facebook.GraphVideoRestClient.VideoPost;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.Pauses;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.publish.PlatformResponse;
import io.herald.publisher.publish.Published;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Publishes to a Facebook Page in two steps ({@code docs/platforms.md} §1.2 "Publishing"): first an unpublished
 * object is created (a Page post with {@code published=false}, photos attached as unpublished uploads, or a video with
 * {@code published=false}), whose id Herald keeps; then that object is published by id. A lost answer to the first
 * step leaves at most an invisible object behind; a lost answer to the second is resolved by reading the object, and
 * publishing the same object twice cannot make two posts. Failures are thrown as {@link PlatformFailure}; an open
 * breaker as the breaker's own exception. Usage headers close to the limit pause the Page, whatever the answer.
 */
@ApplicationScoped
public class FacebookPublisher {
  /** What Facebook says of an object Herald created unpublished. */
  public enum ObjectState {
    PUBLISHED,
    UNPUBLISHED,
    /** Facebook no longer shows it: deleted (before or after it was published), or hidden from this token. */
    GONE
  }

  private final FacebookClient client;
  private final FacebookConfig config;
  private final Pauses pauses;

  FacebookPublisher(FacebookClient client, FacebookConfig config, Pauses pauses) {
    this.client = client;
    this.config = config;
    this.pauses = pauses;
  }

  /** The pause scope of a Page (throttling is per Page token). */
  public static String pauseScope(String pageId) {
    return "facebook:" + pageId;
  }

  /**
   * Everything before the unpublished object exists: checks the media and uploads the photos unpublished (an
   * upload is invisible, so a lost answer only leaves an unused upload behind).
   */
  public FacebookPost prepare(Credentials credentials, JobPayload payload) {
    String text = payload.text() == null || payload.text().isEmpty() ? null : payload.text();
    List<Media> images = payload.media().stream().filter(m -> m.type() == Media.Type.IMAGE).toList();
    List<Media> videos = payload.media().stream().filter(m -> m.type() == Media.Type.VIDEO).toList();
    if (!videos.isEmpty()) {
      if (videos.size() > 1 || !images.isEmpty()) {
        throw permanent("facebook:unsupported_media", "A Facebook post takes one video, or photos, not both");
      }
      return FacebookPost.of(new VideoPost(videos.get(0).url(), text, false));
    }
    List<AttachedMedia> attached = null;
    String link = null;
    if (!images.isEmpty()) {
      attached = new ArrayList<>();
      for (Media image : images) {
        attached.add(new AttachedMedia(uploadUnpublished(credentials, image.url())));
      }
    } else if (payload.link() != null && !payload.link().isBlank()) {
      link = payload.link();
    }
    if (text == null && attached == null && link == null) {
      throw permanent("facebook:empty_post", "A Facebook post needs text, a link or media");
    }
    return FacebookPost.of(new FeedPost(text, link, attached, false));
  }

  /** Creates the post's unpublished object; answers its id (nothing is public yet). */
  public String createUnpublished(Credentials credentials, FacebookPost post) {
    GraphId answer = send(credentials, post.kind() == Kind.VIDEO
        ? () -> client.createVideo(credentials, post.video())
        : () -> client.createPost(credentials, post.feed()));
    if (answer == null || answer.id() == null || answer.id().isEmpty()) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.UNKNOWN_OUTCOME, "facebook:bad_answer",
          "The Graph API accepted the unpublished post but returned no id"));
    }
    return answer.id();
  }

  /** Publishes the object by id: the one call that makes the post public. */
  public void publish(Credentials credentials, Kind kind, String objectId) {
    var answer = send(credentials, () -> client.publish(credentials, objectId,
        kind == Kind.VIDEO ? Publish.video() : Publish.post()));
    if (answer != null && Boolean.FALSE.equals(answer.success())) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.UNKNOWN_OUTCOME, "facebook:not_successful",
          "The Graph API answered success=false to publishing " + objectId));
    }
  }

  /** Reads whether the object is public yet. */
  public ObjectState readState(Credentials credentials, Kind kind, String objectId) {
    GraphObject object;
    try {
      object = send(credentials, () -> client.read(credentials, objectId,
          kind == Kind.VIDEO ? "id,published" : "id,is_published"));
    } catch (PlatformFailure f) {
      if (FacebookErrors.isMissingObject(f.error())) {
        return ObjectState.GONE;
      }
      throw f;
    }
    Boolean published = object == null ? null : kind == Kind.VIDEO ? object.published() : object.isPublished();
    if (published == null) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "facebook:bad_answer",
          "The Graph API did not say whether " + objectId + " is published"));
    }
    return published ? ObjectState.PUBLISHED : ObjectState.UNPUBLISHED;
  }

  /** Where a published object lives. */
  public static Published published(String pageId, Kind kind, String objectId) {
    return kind == Kind.VIDEO
        ? new Published(objectId, "https://www.facebook.com/" + pageId + "/videos/" + objectId)
        : new Published(objectId, "https://www.facebook.com/" + objectId);
  }

  /** One page of a Page's edge ({@code feed}, {@code videos}), for {@link FeedSearch}. */
  Posts posts(Credentials credentials, String edge, String fields, long since, long until, String after) {
    return send(credentials, () -> client.posts(credentials, edge, fields, since, until, after));
  }

  private String uploadUnpublished(Credentials credentials, String url) {
    GraphId answer = send(credentials, () -> client.uploadPhoto(credentials, new PhotoUpload(url, false)));
    if (answer == null || answer.id() == null || answer.id().isEmpty()) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "facebook:bad_answer",
          "Photo upload returned no id"));
    }
    return answer.id();
  }

  /** One Graph call for the Page; its usage headers at the threshold pause the Page, whatever it answered. */
  private <T> T send(Credentials page, Supplier<RestResponse<T>> call) {
    try {
      RestResponse<T> answer = call.get();
      pauseWhenBusy(page, new PlatformResponse(answer.getStatus(), PlatformResponse.headers(answer.getStringHeaders()),
          ""));
      return answer.getEntity();
    } catch (PlatformFailure f) {
      f.answer().ifPresent(answer -> pauseWhenBusy(page, answer));
      throw f;
    }
  }

  private void pauseWhenBusy(Credentials page, PlatformResponse answer) {
    if (FacebookErrors.usagePercent(answer) >= config.usagePauseThreshold()) {
      Duration regain = FacebookErrors.regainAccess(answer);
      pauses.pause(pauseScope(page.externalId()), regain != null ? regain : Duration.ofMinutes(1));
    }
  }

  private static PlatformFailure permanent(String code, String message) {
    return new PlatformFailure(PlatformError.of(ErrorClass.PERMANENT, code, message));
  }
}
