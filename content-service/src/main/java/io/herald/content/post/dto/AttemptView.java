package io.herald.content.post.dto;

import io.herald.common.stream.JobOperation;
import io.herald.common.stream.ResultOutcome;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One reported outcome in a post's attempt history; {@code applied=false} when it could not change the target (an
 * older attempt, or a move the target's state does not allow). {@code resolvedBy} names the user who stated the
 * outcome of an unknown-outcome target; null for a worker's result.
 */
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
    Instant recordedAt,
    String resolvedBy,
    @Schema(description = "EDIT or DELETE when this is the result of an edit or delete of the published post;"
        + " null for the publish") JobOperation.Kind operation,
    UUID operationId) {}
