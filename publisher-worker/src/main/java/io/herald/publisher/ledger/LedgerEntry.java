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
 * @param step            Facebook: how far the unpublished object got ({@code UPLOADED}: its video bytes were accepted)
 * @param commentState    the first comment's step (null when none was asked for): PENDING, SENDING, PUBLISHED, FAILED,
 *                        UNKNOWN
 * @param commentStartedAt when the newest first-comment call began
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
    Instant lastSendStarted,
    String step,
    String commentState,
    String commentId,
    String commentError,
    Instant commentStartedAt,
    int commentTries) {

  /** Whether the first comment's step is still to be taken (asked for, not final). */
  public boolean commentPending() {
    return "PENDING".equals(commentState) || "SENDING".equals(commentState);
  }
}
