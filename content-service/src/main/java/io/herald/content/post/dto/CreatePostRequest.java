package io.herald.content.post.dto;

import io.herald.common.stream.Priority;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** The body of {@code POST /api/v1/posts} (and of {@code :validate}). */
public record CreatePostRequest(
    @NotNull String text,
    String link,
    @Size(max = 35) List<@NotNull @Valid MediaRequest> media,
    @NotEmpty @Size(max = 20) List<@NotNull @Valid TargetRequest> targets,
    Instant scheduledAt,
    Priority priority) {

  public List<MediaRequest> mediaOrEmpty() {
    return media == null ? List.of() : media;
  }

  public Priority priorityOrDefault() {
    return priority == null ? Priority.NORMAL : priority;
  }
}
