package io.herald.common.stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One media item of a post, by URL.
 *
 * @param durationSeconds a video's length, when the client knows it: TikTok refuses videos longer than the
 *                        creator's {@code max_video_post_duration_sec}, which the worker checks before any upload
 *
 * <p>Read tolerantly (fields added by a newer producer of a job are skipped); clients' requests are read strictly
 * through content-service's own request types.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Media(Type type, String url, Integer durationSeconds) {
  public enum Type {
    IMAGE,
    VIDEO
  }

  public Media(Type type, String url) {
    this(type, url, null);
  }
}
