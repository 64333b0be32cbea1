package io.herald.simulator.fault;

/** What an injected fault does to a call. */
public enum FaultMode {
  /** Answer with the given error (in the platform's error shape) instead of doing the work. */
  FAIL,
  /** Wait {@code latencyMs}, then do the work and answer normally. */
  DELAY,
  /** Do the work (the post IS created), then wait {@code latencyMs} before answering. */
  SUCCEED_THEN_LATE,
  /**
   * TikTok init endpoints, Facebook videos, Reels and video Stories: accept the post, but let its processing end
   * failed with {@code failReason} (TikTok's {@code fail_reason}; Facebook's {@code processing_phase.errors} message).
   */
  FAIL_PROCESSING
}
