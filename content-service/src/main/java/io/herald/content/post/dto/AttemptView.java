package io.herald.content.post.dto;

import io.herald.common.stream.ResultOutcome;
import java.time.Instant;
import java.util.UUID;

/** One reported outcome in a post's attempt history; {@code applied=false} when it was older than what the target already showed. */
public record AttemptView(
    UUID targetId,
    int attempt,
    ResultOutcome outcome,
    String externalId,
    String externalUrl,
    String errorCode,
    String errorMessage,
    Instant at,
    boolean applied,
    Instant recordedAt) {}
