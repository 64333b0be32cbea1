package io.herald.content.post;

import java.util.Arrays;
import java.util.List;

/**
 * An {@code If-Match} header: the ETags ({@code "<version>"}) a change may apply to, or {@code *}. A weak tag
 * ({@code W/"3"}) counts as its strong twin, as it always has here.
 */
public record IfMatch(List<String> tags) {

  /** Reads the header (JAX-RS calls it for {@code @HeaderParam("If-Match")}); never refuses one. */
  public static IfMatch valueOf(String header) {
    return new IfMatch(Arrays.stream(header.split(",")).map(tag -> tag.strip().replaceFirst("^W/", "").strip())
        .filter(tag -> !tag.isEmpty()).toList());
  }

  /** Whether a post at {@code version} may be changed: any tag is its ETag, or {@code *}, or none is given. */
  public boolean matches(int version) {
    return tags.isEmpty() || tags.contains("*") || tags.contains(etag(version));
  }

  /** The ETag of a post's version, quoted. */
  public static String etag(int version) {
    return "\"" + version + "\"";
  }
}
