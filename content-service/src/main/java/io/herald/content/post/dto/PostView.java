package io.herald.content.post.dto;

import io.herald.common.stream.Media;
import io.herald.common.stream.Priority;
import io.herald.content.post.PostStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A post as Herald answers it, with one status per target. */
public record PostView(
    UUID id,
    PostStatus status,
    String text,
    String link,
    List<Media> media,
    Priority priority,
    Instant scheduledAt,
    Instant createdAt,
    Instant updatedAt,
    int version,
    List<TargetView> targets) {}
