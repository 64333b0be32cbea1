package io.herald.content.post;

import io.herald.common.problem.ProblemException;
import io.herald.common.problem.TypedParameters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of {@code GET /api/v1/posts} ended: the sort key (created_at desc, id desc) of its last post, opaque to
 * clients (base64url). A page read after it is stable under inserts.
 */
public record Cursor(Instant createdAt, UUID id) {

  /** Reads a cursor this API returned (the {@code cursor} query parameter); anything else is a 400 naming it. */
  public static Cursor valueOf(String value) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(value.strip()), StandardCharsets.UTF_8).split("\\|");
      if (parts.length == 2) {
        return new Cursor(TypedParameters.instant(parts[0]), UUID.fromString(parts[1]));
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      // falls through to the refusal below
    }
    throw ProblemException.badParameter("cursor", "is not a cursor this API returned");
  }

  /** The opaque form clients pass back. */
  public String encode() {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
  }
}
