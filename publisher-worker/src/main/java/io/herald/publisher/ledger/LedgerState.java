package io.herald.publisher.ledger;

/** Where the publish of one target stands (the publish ledger's {@code state}). */
public enum LedgerState {
  /** A create call may be on its way or may have landed: reconcile with the platform before sending again. */
  SENDING,
  /** Nothing was created by the last try: a new send is allowed. */
  RETRYING,
  /** TikTok accepted the post; its {@code publish_id} is stored and its status is polled. */
  PROCESSING,
  /** The platform holds the post. */
  SENT,
  /** A definite failure. */
  FAILED
}
