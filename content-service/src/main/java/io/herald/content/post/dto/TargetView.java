package io.herald.content.post.dto;

import io.herald.common.stream.Platform;
import io.herald.common.stream.PlatformOptions;
import io.herald.content.post.TargetStatus;
import java.time.Instant;
import java.util.UUID;

/** One target of a post as Herald answers it. */
public record TargetView(
    UUID id,
    UUID socialAccountId,
    Platform platform,
    TargetStatus status,
    PlatformOptions options,
    String externalId,
    String externalUrl,
    int attempts,
    ErrorView lastError,
    Instant publishedAt) {

  /** The last error of a target: a stable code and a human-readable message. */
  public record ErrorView(String code, String message) {}
}
