package io.herald.publisher.facebook;

import java.util.Map;

/**
 * A prepared create call: where it goes and its body. {@code message} is the text Facebook will show on the feed,
 * which reconciliation matches exactly.
 */
public record FacebookPost(Kind kind, Map<String, Object> body, String message) {
  public enum Kind {
    /** {@code POST /{page}/feed}: text, link, or several photos as attached_media. */
    FEED,
    /** {@code POST /{page}/photos}: one photo with its caption. */
    PHOTO,
    /** {@code POST graph-video/{page}/videos} by {@code file_url}. */
    VIDEO
  }
}
