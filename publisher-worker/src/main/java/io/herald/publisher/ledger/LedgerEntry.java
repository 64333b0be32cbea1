package io.herald.publisher.ledger;

import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultOutcome;
import java.time.Instant;
import java.util.UUID;

/** One target's row of the publish ledger. */
public record LedgerEntry(
    UUID targetId,
    UUID tenantId,
    UUID postId,
    Platform platform,
    UUID socialAccountId,
    LedgerState state,
    int jobAttempt,
    int tries,
    int polls,
    String publishId,
    String externalId,
    String externalUrl,
    String errorCode,
    String errorMessage,
    ResultOutcome finalOutcome,
    Instant updatedAt,
    String accountHandle) {}
