package io.herald.content.post.dto;

import io.herald.common.stream.Media;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** One media item of a post request: {@code {"type": "IMAGE"|"VIDEO", "url": "https://..."}}. */
public record MediaRequest(@NotNull Media.Type type, @NotBlank String url) {
  public Media toMedia() {
    return new Media(type, url);
  }
}
