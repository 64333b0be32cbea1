package io.herald.content.post.dto;

import io.herald.common.stream.Media;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * One media item of a post request: {@code {"type": "IMAGE"|"VIDEO", "url": "https://...", "durationSeconds": 42}}.
 * A video's duration is optional; given, TikTok targets are checked against the creator's maximum before upload.
 */
public record MediaRequest(@NotNull Media.Type type, @NotBlank String url, @Positive Integer durationSeconds) {
  public Media toMedia() {
    return new Media(type, url, durationSeconds);
  }
}
