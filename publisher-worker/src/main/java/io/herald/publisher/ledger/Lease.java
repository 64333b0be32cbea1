package io.herald.publisher.ledger;

import java.util.UUID;

/**
 * A run's hold on one target's ledger row: every transition names it, so only the holder moves the row. The move that
 * ends a run (SENT, FAILED, UNKNOWN) gives the row back in the same statement; the lease then knows it is released,
 * so {@link Ledger#release} costs nothing more.
 */
public final class Lease {
  private final UUID targetId;
  private final UUID holder;
  private volatile boolean released;

  public Lease(UUID targetId, UUID holder) {
    this.targetId = targetId;
    this.holder = holder;
  }

  public UUID targetId() {
    return targetId;
  }

  public UUID holder() {
    return holder;
  }

  /** Whether a move of this run already gave the row back. */
  public boolean released() {
    return released;
  }

  void markReleased() {
    released = true;
  }

  @Override
  public String toString() {
    return "Lease[target=" + targetId + ", holder=" + holder + (released ? ", released" : "") + "]";
  }
}
