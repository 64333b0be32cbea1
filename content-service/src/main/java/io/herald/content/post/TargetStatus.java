package io.herald.content.post;

/**
 * A target's state. The moves between states are named in {@link TargetMove} (and enforced again by the schema's
 * trigger); UNKNOWN_OUTCOME waits for the user's word (or a later answer of the platform), never for a resend.
 */
public enum TargetStatus {
  SCHEDULED,
  QUEUED,
  PUBLISHING,
  PUBLISHED,
  FAILED,
  UNKNOWN_OUTCOME,
  CANCELLED,
  /** Deleted from the platform after it was published (an end state). */
  DELETED;

  /** A job of the target is (or should be) in Redis or in a worker's hands. */
  public boolean inFlight() {
    return this == QUEUED || this == PUBLISHING;
  }
}
