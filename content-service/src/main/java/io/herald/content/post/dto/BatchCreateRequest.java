package io.herald.content.post.dto;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code POST /api/v1/posts:batch}: up to {@link #MAX_ITEMS} posts, each shaped like the body of
 * {@code POST /api/v1/posts} plus an optional {@code idempotencyKey}. Items are read one by one (a broken item is
 * answered in its place, never fails its neighbours), hence raw JSON here.
 */
public record BatchCreateRequest(@NotEmpty @Size(max = MAX_ITEMS, message = "at most 100 posts per request")
                                 List<JsonNode> items) {
  public static final int MAX_ITEMS = 100;
}
