package io.herald.publisher.facebook;

import io.herald.common.stream.JobPayload;
import io.herald.common.stream.Media;
import io.herald.common.stream.PlatformOptions;
import io.herald.common.stream.PlatformOptions.FacebookType;
import io.herald.common.stream.PlatformOptions.FirstComment;
import io.herald.publisher.facebook.GraphRestClient.FeedPost;
import io.herald.publisher.facebook.GraphVideoRestClient.VideoPost;
import java.util.List;
import java.util.Optional;

/** A prepared Facebook post: a Page post ({@code feed}) or a video ({@code video}), to be created unpublished. */
public record FacebookPost(Kind kind, FeedPost feed, VideoPost video) {
  public enum Kind {
    /** A Page post ({@code POST /{page}/feed}): text, link, or photos attached as unpublished uploads. */
    FEED,
    /** A video ({@code POST graph-video/{page}/videos} by {@code file_url}), published once processed. */
    VIDEO,
    /** A Reel ({@code /{page}/video_reels}: start, upload by URL, finish), published once processed. */
    REEL,
    /** A photo Story ({@code /{page}/photo_stories}) of a photo uploaded unpublished. */
    PHOTO_STORY,
    /** A video Story ({@code /{page}/video_stories}: start, upload by URL, finish). */
    VIDEO_STORY;

    /** Whether Facebook processes the video after the publishing call, so its status is polled before PUBLISHED. */
    public boolean processed() {
      return this == VIDEO || this == REEL || this == VIDEO_STORY;
    }
  }

  static FacebookPost of(FeedPost feed) {
    return new FacebookPost(Kind.FEED, feed, null);
  }

  static FacebookPost of(VideoPost video) {
    return new FacebookPost(Kind.VIDEO, null, video);
  }

  public static Kind kindOf(JobPayload payload) {
    boolean video = payload.media().stream().anyMatch(m -> m.type() == Media.Type.VIDEO);
    return switch (payload.options().facebookTypeOrDefault()) {
      case REEL -> Kind.REEL;
      case STORY -> video ? Kind.VIDEO_STORY : Kind.PHOTO_STORY;
      case FEED -> video ? Kind.VIDEO : Kind.FEED;
    };
  }

  /** The first comment the target asked for, if any. */
  public static Optional<FirstComment> firstComment(JobPayload payload) {
    return Optional.ofNullable(payload.options().firstComment());
  }

  /**
   * Why the worker cannot publish this payload to a Page (content-service validates the same rules, but a job may
   * come from before a rule existed): empty when it can. Every refusal is permanent.
   */
  public static Optional<String> refusal(JobPayload payload) {
    PlatformOptions options = payload.options();
    FacebookType type = options.facebookTypeOrDefault();
    List<Media> videos = payload.media().stream().filter(m -> m.type() == Media.Type.VIDEO).toList();
    List<Media> images = payload.media().stream().filter(m -> m.type() == Media.Type.IMAGE).toList();
    FirstComment comment = options.firstComment();
    if (comment != null && blank(comment.text()) && blank(comment.imageUrl())) {
      return Optional.of("A first comment needs text or an image");
    }
    if (!blank(options.thumbnailUrl()) && (type != FacebookType.FEED || videos.isEmpty())) {
      return Optional.of("A thumbnail applies to a Facebook video post only");
    }
    return switch (type) {
      case REEL -> videos.size() != 1 || !images.isEmpty()
          ? Optional.of("A Facebook Reel takes exactly one video and no photos") : Optional.empty();
      case STORY -> {
        if (payload.media().size() != 1) {
          yield Optional.of("A Facebook Story takes exactly one photo or one video");
        }
        if (!blank(payload.text()) || !blank(payload.link())) {
          yield Optional.of("A Facebook Story carries no text or link; publish it as a feed post instead");
        }
        yield comment != null ? Optional.of("A Facebook Story takes no comments") : Optional.empty();
      }
      case FEED -> !videos.isEmpty() && (videos.size() > 1 || !images.isEmpty())
          ? Optional.of("A Facebook post takes one video, or photos, not both") : Optional.empty();
    };
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
