package io.herald.publisher.facebook;

import io.herald.common.stream.JobPayload;
import io.herald.common.stream.Media;
import io.herald.common.stream.PlatformOptions;
import io.herald.publisher.config.FacebookConfig;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.facebook.FacebookPost.Kind;
import io.herald.publisher.facebook.GraphRestClient.AttachedMedia;
import io.herald.publisher.facebook.GraphRestClient.Comment;
import io.herald.publisher.facebook.GraphRestClient.Comments;
import io.herald.publisher.facebook.GraphRestClient.FeedPost;
import io.herald.publisher.facebook.GraphRestClient.GraphId;
import io.herald.publisher.facebook.GraphRestClient.GraphObject;
import io.herald.publisher.facebook.GraphRestClient.Phase;
import io.herald.publisher.facebook.GraphRestClient.PhaseError;
import io.herald.publisher.facebook.GraphRestClient.PhotoUpload;
import io.herald.publisher.facebook.GraphRestClient.Posts;
import io.herald.publisher.facebook.GraphRestClient.Publish;
import io.herald.publisher.facebook.GraphRestClient.StoryAnswer;
import io.herald.publisher.facebook.GraphRestClient.VideoPhase;
import io.herald.publisher.facebook.GraphRestClient.VideoPhaseAnswer;
import io.herald.publisher.facebook.GraphRestClient.VideoStatus;
import io.herald.publisher.facebook.GraphRestClient.VideoWithStatus;
import io.herald.publisher.facebook.GraphVideoRestClient.VideoPost;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.Pauses;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.publish.PlatformResponse;
import io.herald.publisher.publish.Published;
import io.herald.publisher.tiktok.MediaTransfer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
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

  /** Where a processed video stands ({@code GET /{video-id}?fields=status}). */
  public sealed interface Processing {
    /** Still uploading, processing or publishing. */
    record Working(String phase) implements Processing {}

    /** Ready and public. */
    record Done() implements Processing {}

    /** Processing failed: nothing is public and this video never will be. */
    record Failed(String reason) implements Processing {}

    /** The finish step has not been taken (or did not reach Facebook): the video is not public. */
    record NotFinished() implements Processing {}

    /** Facebook no longer shows the video. */
    record Gone() implements Processing {}
  }

  private final FacebookClient client;
  private final FacebookConfig config;
  private final Pauses pauses;
  private final MediaTransfer media;

  FacebookPublisher(FacebookClient client, FacebookConfig config, Pauses pauses, MediaTransfer media) {
    this.client = client;
    this.config = config;
    this.pauses = pauses;
    this.media = media;
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
      PlatformOptions options = payload.options();
      String title = options.title() == null || options.title().isBlank() ? null : options.title();
      String thumb = options.thumbnailUrl() == null || options.thumbnailUrl().isBlank() ? null
          : options.thumbnailUrl();
      return FacebookPost.of(new VideoPost(videos.get(0).url(), title, text, false, thumb));
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
    GraphId answer;
    if (post.kind() == Kind.VIDEO && post.video().thumbnailUrl() != null) {
      // Graph takes a thumbnail as a file only ({@code thumb}): the tenant's URL is downloaded with its address
      // checked (common's OutboundAddresses), as any media Herald fetches.
      Path thumb = media.download(post.video().thumbnailUrl());
      try {
        answer = send(credentials, () -> client.createVideo(credentials, post.video(), thumb.toFile()));
      } finally {
        MediaTransfer.deleteQuietly(thumb);
      }
    } else {
      answer = send(credentials, post.kind() == Kind.VIDEO
          ? () -> client.createVideo(credentials, post.video())
          : () -> client.createPost(credentials, post.feed()));
    }
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
    return switch (kind) {
      case VIDEO -> new Published(objectId, "https://www.facebook.com/" + pageId + "/videos/" + objectId);
      case REEL -> new Published(objectId, "https://www.facebook.com/reel/" + objectId);
      case FEED, PHOTO_STORY, VIDEO_STORY -> new Published(objectId, "https://www.facebook.com/" + objectId);
    };
  }

  /** Starts a Reel's ({@code video_reels}) or video Story's ({@code video_stories}) upload session: its video id. */
  public String startVideo(Credentials credentials, String edge) {
    VideoPhaseAnswer answer = send(credentials, () -> client.videoPhase(credentials, edge, VideoPhase.start()));
    if (answer == null || answer.videoId() == null || answer.videoId().isEmpty()) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "facebook:bad_answer",
          "The upload session started without a video id"));
    }
    return answer.videoId();
  }

  /** Has Facebook fetch the video's bytes from {@code fileUrl} (the same video id: sending it again is safe). */
  public void uploadByUrl(Credentials credentials, String videoId, String fileUrl) {
    var answer = send(credentials, () -> client.uploadByUrl(credentials, videoId, fileUrl));
    if (answer == null || !Boolean.TRUE.equals(answer.success())) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "facebook:upload_not_successful",
          "Facebook did not confirm the video upload"));
    }
  }

  /** The finish step of a Reel or video Story: the call that makes it public. Answers a Story's post id, if given. */
  public String finishVideo(Credentials credentials, String edge, VideoPhase finish) {
    VideoPhaseAnswer answer = send(credentials, () -> client.videoPhase(credentials, edge, finish));
    if (answer == null || !Boolean.TRUE.equals(answer.success())) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.UNKNOWN_OUTCOME, "facebook:not_successful",
          "The Graph API did not answer success to finishing " + finish.videoId()));
    }
    return answer.postId();
  }

  /** A photo uploaded unpublished (invisible: a lost answer only leaves an unused upload behind). */
  public String uploadPhotoUnpublished(Credentials credentials, String url) {
    return uploadUnpublished(credentials, url);
  }

  /** Publishes a photo Story of an unpublished photo: answers the Story's post id. */
  public String photoStory(Credentials credentials, String photoId) {
    StoryAnswer answer = send(credentials, () -> client.photoStory(credentials, photoId));
    if (answer == null || !Boolean.TRUE.equals(answer.success())) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.UNKNOWN_OUTCOME, "facebook:not_successful",
          "The Graph API did not answer success to the photo Story of " + photoId));
    }
    return answer.postId() == null || answer.postId().isEmpty() ? photoId : answer.postId();
  }

  /**
   * Where a processed video stands. A feed video is done once {@code video_status} is {@code ready} (it was published
   * by id before); a Reel or video Story once its {@code publishing_phase} is {@code complete}; an {@code error} in
   * {@code video_status} or any phase is a failure, with the platform's reason.
   */
  public Processing processing(Credentials credentials, Kind kind, String videoId) {
    VideoWithStatus answer;
    try {
      answer = send(credentials, () -> client.videoStatus(credentials, videoId));
    } catch (PlatformFailure f) {
      if (FacebookErrors.isMissingObject(f.error())) {
        return new Processing.Gone();
      }
      throw f;
    }
    VideoStatus status = answer == null ? null : answer.status();
    if (status == null) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "facebook:bad_answer",
          "The Graph API did not give the status of video " + videoId));
    }
    Optional<String> failure = failureOf(status);
    if (failure.isPresent()) {
      return new Processing.Failed(failure.get());
    }
    String videoStatus = status.videoStatus() == null ? "" : status.videoStatus();
    if (kind == Kind.VIDEO) {
      return videoStatus.equals("ready") || videoStatus.equals("published") ? new Processing.Done()
          : new Processing.Working(videoStatus);
    }
    String publishing = status.publishingPhase() == null || status.publishingPhase().status() == null ? ""
        : status.publishingPhase().status();
    // A publishing phase not started means the finish step has not reached Facebook (⚠️ the Reels guide shows the
    // phases, not when each begins; the simulator begins it with the finish).
    return switch (publishing) {
      case "complete" -> new Processing.Done();
      case "not_started" -> "published".equals(status.publishingPhase().publishStatus())
          ? new Processing.Working("publishing " + publishing) : new Processing.NotFinished();
      default -> new Processing.Working(videoStatus.isEmpty() ? "publishing " + publishing : videoStatus);
    };
  }

  private static Optional<String> failureOf(VideoStatus status) {
    for (Phase phase : new Phase[] {status.uploadingPhase(), status.processingPhase(), status.publishingPhase()}) {
      if (phase != null && "error".equals(phase.status())) {
        return Optional.of(reason(phase.errors()));
      }
    }
    return "error".equals(status.videoStatus()) ? Optional.of("Facebook could not process the video")
        : Optional.empty();
  }

  private static String reason(List<PhaseError> errors) {
    if (errors == null || errors.isEmpty()) {
      return "Facebook could not process the video";
    }
    return errors.stream().map(e -> e.message() + (e.code() == null ? "" : " (" + e.code() + ")"))
        .collect(Collectors.joining("; "));
  }

  /** Posts a comment on the object as the Page: answers the comment's id. */
  public String comment(Credentials credentials, String objectId, Comment comment) {
    GraphId answer = send(credentials, () -> client.comment(credentials, objectId, comment));
    if (answer == null || answer.id() == null || answer.id().isEmpty()) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.UNKNOWN_OUTCOME, "facebook:bad_answer",
          "The Graph API accepted the comment but returned no id"));
    }
    return answer.id();
  }

  /** One page of an object's comments, newest first. */
  public Comments comments(Credentials credentials, String objectId, String after) {
    return send(credentials, () -> client.comments(credentials, objectId, after));
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
