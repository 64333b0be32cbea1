package io.herald.content.post.dto;

import io.herald.common.stream.Priority;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** The body of {@code PATCH /api/v1/posts/{id}}: the fields present replace the stored ones; targets stay. */
public record PatchPostRequest(
    String text,
    String link,
    @Size(max = 35) List<@NotNull @Valid MediaRequest> media,
    Instant scheduledAt,
    Priority priority) {}
