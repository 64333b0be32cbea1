package io.herald.publisher.ledger;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where the publish of one target stands (the publish ledger's {@code state}), and the only moves between states.
 * The database enforces the same table (migration V3's trigger); {@link Ledger} is the one class that moves rows.
 */
public enum LedgerState {
  /** Nothing of this target is public: a send may start. */
  READY,
  /** A call that can make the post public is on its way, or its answer was lost: reconcile before anything else. */
  SENDING,
  /** The platform accepted the post and is still working on it (TikTok's publish_id is stored): poll it. */
  PROCESSING,
  /** The platform holds the post. */
  SENT,
  /** A definite failure: nothing was made public. */
  FAILED,
  /**
   * The platform cannot tell whether the post exists. Only the user ("send it", a newer attempt with
   * {@code resendConfirmed}) or the platform's own later word (a webhook) moves it.
   */
  UNKNOWN;

  /** The states this one may move to (besides staying as it is). */
  public Set<LedgerState> next() {
    return switch (this) {
      case READY -> EnumSet.of(SENDING, FAILED);
      case SENDING -> EnumSet.of(SENT, PROCESSING, READY, FAILED, UNKNOWN);
      case PROCESSING -> EnumSet.of(SENT, FAILED, READY, UNKNOWN);
      case SENT -> EnumSet.noneOf(LedgerState.class);
      case FAILED -> EnumSet.of(READY);
      case UNKNOWN -> EnumSet.of(READY, SENT, PROCESSING, FAILED);
    };
  }

  /** The states from which a row may move to {@code target}. */
  public static Set<LedgerState> into(LedgerState target) {
    var from = EnumSet.noneOf(LedgerState.class);
    for (LedgerState state : values()) {
      if (state.next().contains(target)) {
        from.add(state);
      }
    }
    return from;
  }

  /** Whether the platform may hold the post while Herald does not know it for sure. */
  public boolean unsure() {
    return this == SENDING || this == PROCESSING || this == UNKNOWN;
  }
}
