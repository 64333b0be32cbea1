package io.herald.publisher.facebook;

import io.herald.common.stream.JobPayload;
import io.herald.common.stream.Media;
import io.herald.publisher.facebook.GraphRestClient.FeedPost;
import io.herald.publisher.facebook.GraphVideoRestClient.VideoPost;

/** A prepared Facebook post: a Page post ({@code feed}) or a video ({@code video}), to be created unpublished. */
public record FacebookPost(Kind kind, FeedPost feed, VideoPost video) {
  public enum Kind {
    /** A Page post ({@code POST /{page}/feed}): text, link, or photos attached as unpublished uploads. */
    FEED,
    /** A video ({@code POST graph-video/{page}/videos} by {@code file_url}). */
    VIDEO
  }

  static FacebookPost of(FeedPost feed) {
    return new FacebookPost(Kind.FEED, feed, null);
  }

  static FacebookPost of(VideoPost video) {
    return new FacebookPost(Kind.VIDEO, null, video);
  }

  public static Kind kindOf(JobPayload payload) {
    return payload.media().stream().anyMatch(m -> m.type() == Media.Type.VIDEO) ? Kind.VIDEO : Kind.FEED;
  }
}
