package io.herald.content.post;

import io.herald.common.stream.Media;
import io.herald.common.stream.Priority;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored post (row of {@code posts}); never an API payload. */
public record Post(
    UUID id,
    UUID tenantId,
    String text,
    String link,
    List<Media> media,
    Priority priority,
    Instant scheduledAt,
    Instant createdAt,
    Instant updatedAt,
    int version,
    String traceparent) {

  public String etag() {
    return "\"" + version + "\"";
  }
}
