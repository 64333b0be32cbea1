package io.herald.publisher.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.publisher.queue.JobLimits.Gate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A full gate lets wait the jobs it can let through within the longest wait, and spreads the jobs it defers over the
 * time they need, one expected free slot apart.
 */
class GateTest {

  @Test
  void aFastGateLetsWaitWhatItDrainsWithinTheLongestWaitASlowOneOnlyItsLimit() {
    var fast = new Gate("account:fast", 16);
    var slow = new Gate("account:slow", 16);
    for (int i = 0; i < 100; i++) {
      fast.ran(Duration.ofMillis(25).toNanos());
      slow.ran(Duration.ofSeconds(2).toNanos());
    }

    // 16 at a time, 25 ms each: 320 jobs go through in 500 ms; at 2 s each, not even the limit does.
    assertThat(fast.mayWait(Duration.ofMillis(500))).isBetween(310, 330);
    assertThat(slow.mayWait(Duration.ofMillis(500))).isEqualTo(16);
  }

  @Test
  void deferredJobsComeBackAfterTheRunningOnesAndOneFreeSlotApart() {
    var gate = new Gate("account:test", 4);
    for (int i = 0; i < 100; i++) {
      gate.ran(Duration.ofMillis(200).toNanos());
    }

    Duration first = gate.deferral();
    Duration second = gate.deferral();
    Duration third = gate.deferral();

    // Two mean run times for the jobs running and waiting now, then 200 ms / 4 between two deferred jobs.
    assertThat(first).isBetween(Duration.ofMillis(380), Duration.ofMillis(420));
    assertThat(second.minus(first)).isBetween(Duration.ofMillis(45), Duration.ofMillis(55));
    assertThat(third.minus(second)).isBetween(Duration.ofMillis(45), Duration.ofMillis(55));
  }

  @Test
  void aGateForgetsItsDeferralsOnceTheyAreDue() {
    var gate = new Gate("account:test", 1);
    gate.ran(0);

    assertThat(gate.horizonPassed(System.nanoTime())).isTrue();
    Duration deferred = gate.deferral();
    assertThat(gate.horizonPassed(System.nanoTime())).isFalse();
    assertThat(gate.horizonPassed(System.nanoTime() + deferred.toNanos() * 3)).isTrue();
  }
}
