package io.herald.publisher.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.publisher.queue.JobLimits.Gate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A full gate lets wait the jobs it can let through within half the longest wait (at most its share), and spreads
 * the jobs it defers over the time they need, half an expected free slot apart, at the pace it measures.
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

    // 16 at a time, 25 ms each: 320 jobs go through in half of 1 s; at 2 s each, not even the limit does.
    assertThat(fast.mayWait(Duration.ofSeconds(1), 1000)).isBetween(310, 330);
    assertThat(slow.mayWait(Duration.ofSeconds(1), 1000)).isEqualTo(16);
    // One account's burst never waits in more than the share of the concurrency it is given.
    assertThat(fast.mayWait(Duration.ofSeconds(1), 128)).isEqualTo(128);
  }

  @Test
  void deferredJobsComeBackAfterTheRunningOnesAndHalfAFreeSlotApart() {
    var gate = new Gate("account:test", 4);
    for (int i = 0; i < 100; i++) {
      gate.ran(Duration.ofMillis(200).toNanos());
    }

    Duration first = gate.deferral();
    Duration second = gate.deferral();
    Duration third = gate.deferral();

    // Two mean run times for the jobs running and waiting now, then half of 200 ms / 4 between two deferred jobs.
    assertThat(first).isBetween(Duration.ofMillis(380), Duration.ofMillis(420));
    assertThat(second.minus(first)).isBetween(Duration.ofMillis(20), Duration.ofMillis(30));
    assertThat(third.minus(second)).isBetween(Duration.ofMillis(20), Duration.ofMillis(30));
  }

  @Test
  void aBurstDeferredBeforeTheGateKnewItsPaceComesBackAtThePaceItMeasuresThen() {
    var gate = new Gate("account:burst", 16);
    Duration guessed = Duration.ZERO;
    for (int i = 0; i < 200; i++) {
      guessed = gate.deferral();
    }
    for (int i = 0; i < 16; i++) {
      gate.ran(Duration.ofMillis(10).toNanos());
    }

    Duration measured = gate.deferral();

    // 200 jobs ahead at half of 10 ms / 16 each is 63 ms (plus two run times); by the first guess, far longer.
    assertThat(measured).isLessThan(Duration.ofMillis(200));
    assertThat(guessed).isGreaterThan(measured.multipliedBy(3));
  }

  @Test
  void aGateForgetsItsDeferralsOnceTheyAreDue() {
    var gate = new Gate("account:test", 1);
    gate.ran(Duration.ofMillis(200).toNanos());

    assertThat(gate.horizonPassed(System.nanoTime())).isTrue();
    Duration deferred = gate.deferral();
    assertThat(gate.horizonPassed(System.nanoTime())).isFalse();
    assertThat(gate.horizonPassed(System.nanoTime() + deferred.toNanos() * 3)).isTrue();
  }
}
