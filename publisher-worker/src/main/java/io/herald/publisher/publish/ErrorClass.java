package io.herald.publisher.publish;

/**
 * What a platform failure means for the job ({@code docs/platforms.md} §1.3 "Errors and throttling", §2.2 "Content
 * Posting").
 */
public enum ErrorClass {
  /** Nothing was created and trying again later may work: retry with exponential backoff and jitter. */
  TRANSIENT,
  /** Nothing was created; the platform asks us to slow down: wait what it advises. */
  THROTTLED,
  /** The account's authorization is gone or lacks a permission: reconnect (TikTok: refresh once first). */
  AUTH,
  /** The request itself is refused: fail with the platform's code and message. */
  PERMANENT,
  /** The create call may or may not have happened (timeout, lost answer): reconcile before anything else. */
  UNKNOWN_OUTCOME
}
