package io.herald.publisher.facebook;

import io.herald.common.stream.JobPayload;
import io.herald.common.stream.Media;
import java.util.Map;

/**
 * A prepared Facebook post: where its unpublished object is created and with what body. {@code message} is the text
 * as Herald sent it (reconciliation of rows from before objects were created unpublished compares it).
 */
public record FacebookPost(Kind kind, Map<String, Object> body, String message) {
  public enum Kind {
    /** A Page post ({@code POST /{page}/feed}): text, link, or photos attached as unpublished uploads. */
    FEED,
    /** A video ({@code POST graph-video/{page}/videos} by {@code file_url}). */
    VIDEO
  }

  public static Kind kindOf(JobPayload payload) {
    return payload.media().stream().anyMatch(m -> m.type() == Media.Type.VIDEO) ? Kind.VIDEO : Kind.FEED;
  }
}
