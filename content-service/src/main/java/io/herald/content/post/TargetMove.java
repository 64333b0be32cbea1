package io.herald.content.post;

import static io.herald.content.post.TargetStatus.CANCELLED;
import static io.herald.content.post.TargetStatus.DELETED;
import static io.herald.content.post.TargetStatus.FAILED;
import static io.herald.content.post.TargetStatus.PUBLISHED;
import static io.herald.content.post.TargetStatus.PUBLISHING;
import static io.herald.content.post.TargetStatus.QUEUED;
import static io.herald.content.post.TargetStatus.SCHEDULED;
import static io.herald.content.post.TargetStatus.UNKNOWN_OUTCOME;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every change a target's status may make, named once: who makes it, the states it may start from and the state it
 * leads to. {@link PostTarget#move} applies a move only to a target in one of its from-states; the schema's
 * trigger (V2, {@code target_move_allowed}) refuses any other status change, whoever writes it.
 * PUBLISHED never becomes anything else, CANCELLED is final.
 */
public enum TargetMove {
  /** The scheduler: a due target gets its next attempt, with its outbox row. */
  QUEUE(QUEUED, SCHEDULED),
  /** {@code DELETE /api/v1/posts/{id}} before publishing began. */
  CANCEL(CANCELLED, SCHEDULED),
  /** The retry endpoint: a failed target gets attempt + 1. */
  RETRY(QUEUED, FAILED),
  /** The user's "send it" for an unknown outcome: attempt + 1, the job carries {@code resendConfirmed}. */
  SEND_AGAIN(QUEUED, UNKNOWN_OUTCOME),
  /** A worker's progress (PROCESSING, RETRY_SCHEDULED). */
  PROGRESS(PUBLISHING, QUEUED, PUBLISHING),
  /**
   * The platform's word that the post exists: it beats a failure or an unknown outcome of the same or an older
   * attempt; on a PUBLISHED target it only fills in a missing external id or URL.
   */
  PUBLISH(PUBLISHED, QUEUED, PUBLISHING, FAILED, UNKNOWN_OUTCOME, PUBLISHED),
  /** A definite failure (FAILED, NEEDS_REAUTH); never of a PUBLISHED target. */
  FAIL(FAILED, QUEUED, PUBLISHING, UNKNOWN_OUTCOME),
  /** The worker cannot know whether the platform created the post. */
  UNKNOWN(UNKNOWN_OUTCOME, QUEUED, PUBLISHING, FAILED),
  /** The user's "it is there" for an unknown outcome. */
  RESOLVE_PUBLISHED(PUBLISHED, UNKNOWN_OUTCOME),
  /** The worker's word that a published post was deleted from its platform ({@code .../unpublish}). */
  UNPUBLISH(DELETED, PUBLISHED);

  private final TargetStatus to;
  private final Set<TargetStatus> from;

  TargetMove(TargetStatus to, TargetStatus... from) {
    this.to = to;
    this.from = Set.copyOf(EnumSet.copyOf(Arrays.asList(from)));
  }

  public TargetStatus to() {
    return to;
  }

  public Set<TargetStatus> from() {
    return from;
  }

  /** Whether some move leads from {@code from} to {@code to} (the table the schema's trigger enforces). */
  public static boolean allows(TargetStatus from, TargetStatus to) {
    return Arrays.stream(values()).anyMatch(m -> m.to == to && m.from.contains(from));
  }

  /**
   * What a move writes besides the status. The attempt never goes down; external id, URL and publishedAt are only
   * ever filled in (a null keeps the stored value); the last error is written as given (null clears it);
   * {@code resendConfirmedAttempt} is set when not null.
   */
  public record Change(int attempt, String externalId, String externalUrl, Instant publishedAt, String errorCode,
      String errorMessage, Integer resendConfirmedAttempt) {

    public static Change attempt(int attempt) {
      return new Change(attempt, null, null, null, null, null, null);
    }

    public static Change error(int attempt, String code, String message) {
      return new Change(attempt, null, null, null, code, message, null);
    }

    public static Change published(int attempt, String externalId, String externalUrl, Instant publishedAt) {
      return new Change(attempt, externalId, externalUrl, publishedAt, null, null, null);
    }

    /** The user confirmed sending {@code attempt} although the previous one may have been published. */
    public static Change resendConfirmed(int attempt) {
      return new Change(attempt, null, null, null, null, null, attempt);
    }
  }
}
