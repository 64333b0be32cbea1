package io.herald.common.stream;

/** What a publish attempt came to, as reported on {@code herald:{jobs}:results}. */
public enum ResultOutcome {
  /** The platform accepted the post and it is live (or, for TikTok drafts, delivered to the inbox). */
  PUBLISHED,
  /** The platform accepted the post and is still processing it (TikTok). */
  PROCESSING,
  /** A transient failure; the worker will try again at a later time. */
  RETRY_SCHEDULED,
  /** A definite failure; nothing more will be tried for this attempt. */
  FAILED,
  /** The account's authorization is gone; the tenant must reconnect it. */
  NEEDS_REAUTH,
  /**
   * The worker cannot know whether the platform created the post (its answer was lost and the platform offers no way
   * to look it up). Nothing is sent again until the user says "it is there" or "send it".
   */
  UNKNOWN_OUTCOME;

  public boolean isTerminal() {
    return this == PUBLISHED || this == FAILED || this == NEEDS_REAUTH || this == UNKNOWN_OUTCOME;
  }
}
