package io.herald.content.post.dto;

import io.herald.common.stream.Platform;
import java.util.List;
import java.util.UUID;

/** The answer of {@code POST /api/v1/posts:validate} when every check passes (failures are 422 problems). */
public record ValidationView(boolean valid, List<ResolvedTarget> targets) {
  /** A target's account and the platform it publishes to. */
  public record ResolvedTarget(UUID socialAccountId, Platform platform, String accountName) {}
}
