package io.herald.common.stream;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One media item of a post, by URL.
 *
 * @param durationSeconds a video's length, when the client knows it: TikTok refuses videos longer than the
 *                        creator's {@code max_video_post_duration_sec}, which the worker checks before any upload
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Media(Type type, String url, Integer durationSeconds) {
  public enum Type {
    IMAGE,
    VIDEO
  }

  public Media(Type type, String url) {
    this(type, url, null);
  }
}
