package io.herald.content.post;

/**
 * An edit or delete of a target's published post (issue 14), kept on the target: one at a time, PENDING while its
 * job is out, then what the worker reported. The worker's ledger keys it by its id, so it is carried out at most once
 * however often its job is delivered.
 */
public final class TargetOperation {
  private TargetOperation() {}

  /** Where an operation stands. */
  public enum Status {
    /** Asked for; its job is on its way or in a worker's hands. */
    PENDING,
    /** The platform holds the change (the new text, or the post is gone). */
    DONE,
    /** A definite refusal: nothing changed on the platform. */
    FAILED,
    /** The worker cannot tell whether the platform made the change; it is not sent again on its own. */
    UNKNOWN_OUTCOME
  }
}
