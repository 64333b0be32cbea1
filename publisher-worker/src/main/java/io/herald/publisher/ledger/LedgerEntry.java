package io.herald.publisher.ledger;

import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultOutcome;
import java.time.Instant;
import java.util.UUID;

/**
 * One target's row of the publish ledger, as read when a job took it.
 *
 * @param objectId        what Herald created unpublished and publishes by id (Facebook post or video), if any
 * @param accountRef      the Page id or TikTok open_id the target publishes to, once a send began
 * @param lastSendStarted when the newest call that could make the post public started (null before any)
 */
public record LedgerEntry(
    UUID targetId,
    UUID tenantId,
    Platform platform,
    LedgerState state,
    int jobAttempt,
    int tries,
    int polls,
    String objectId,
    String publishId,
    String externalId,
    String externalUrl,
    String errorCode,
    String errorMessage,
    ResultOutcome finalOutcome,
    String accountRef,
    String accountHandle,
    Instant lastSendStarted) {}
