package io.herald.content.schedule;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes this replica's outbox relay when a transaction that wrote outbox rows commits ({@link Outbox#enqueue}
 * registers the signal with the transaction), so a due job waits for the scheduler's round, not for the relay's
 * pause too. Other replicas' relays still find the rows at their next round.
 */
@ApplicationScoped
public class OutboxSignal {
  private final Semaphore written = new Semaphore(0);

  /** Called after a commit that wrote outbox rows. */
  void committed() {
    if (written.availablePermits() == 0) {
      written.release();
    }
  }

  /** Waits up to {@code timeout} for a commit that wrote outbox rows (at once if one came since the last wait). */
  boolean await(Duration timeout) throws InterruptedException {
    boolean signalled = written.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    written.drainPermits();
    return signalled;
  }
}
