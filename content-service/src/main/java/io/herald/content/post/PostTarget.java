package io.herald.content.post;

import io.herald.common.stream.Platform;
import io.herald.common.stream.PlatformOptions;
import java.time.Instant;
import java.util.UUID;

/**
 * One target of a post: one social account, its platform options, its publishing state (row of {@code post_targets}).
 * {@code resendConfirmedAttempt} is the attempt the user asked to send although the previous one's outcome was
 * unknown (null when never).
 */
public record PostTarget(
    UUID id,
    UUID tenantId,
    UUID postId,
    int position,
    UUID socialAccountId,
    Platform platform,
    PlatformOptions options,
    TargetStatus status,
    int attempt,
    Instant dueAt,
    Instant statusChangedAt,
    String externalId,
    String externalUrl,
    Instant publishedAt,
    String lastErrorCode,
    String lastErrorMessage,
    Integer resendConfirmedAttempt) {

  /** Whether the job of the current attempt carries {@code resendConfirmed} (the user's "send it"). */
  public boolean resendConfirmed() {
    return resendConfirmedAttempt != null && resendConfirmedAttempt == attempt;
  }
}
