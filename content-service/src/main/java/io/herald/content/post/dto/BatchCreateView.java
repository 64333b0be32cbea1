package io.herald.content.post.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.herald.common.problem.Problem;
import java.util.List;

/**
 * The answer to {@code POST /api/v1/posts:batch}: one item per posted item, in order. A created (or replayed) post is
 * {@code {"status": 201, "post": {...}}} (plus {@code "replayed": true} when its idempotency key answered an earlier
 * request); a refused one is {@code {"status": 4xx|503, "problem": {...}}}, the problem a single create would answer.
 */
public record BatchCreateView(List<Item> items) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Item(int status, @JsonRawValue String post, Problem problem, Boolean replayed) {

    public static Item created(int status, String post, boolean replayed) {
      return new Item(status, post, null, replayed ? Boolean.TRUE : null);
    }

    public static Item refused(Problem problem) {
      return new Item(problem.status(), null, problem, null);
    }
  }
}
