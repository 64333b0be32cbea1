package io.herald.common.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void withoutJitterTheDelayDoublesUntilTheCap() {
    var backoff = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(60), 0, new Random(1));
    assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(60));
    assertThat(backoff.delay(50)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void jitterSpreadsEachDelayWithinItsBandAndNeverPastTheCap() {
    var backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15), 0.2, new Random(42));
    for (int n = 1; n <= 12; n++) {
      double base = Math.min(Duration.ofMinutes(15).toMillis(), 5_000 * Math.pow(2, n - 1));
      for (int i = 0; i < 50; i++) {
        long millis = backoff.delay(n).toMillis();
        assertThat(millis).isBetween((long) (base * 0.8) - 1, (long) Math.min(base * 1.2, 900_000) + 1);
      }
    }
  }

  @Test
  void jitteredDelaysDifferSoRetriesDoNotStampede() {
    var backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15), 0.2, new Random(7));
    var seen = new java.util.HashSet<Duration>();
    for (int i = 0; i < 20; i++) {
      seen.add(backoff.delay(3));
    }
    assertThat(seen).hasSizeGreaterThan(10);
  }

  @Test
  void theScheduleGrowsOnAverage() {
    var backoff = new Backoff(Duration.ofSeconds(1), Duration.ofHours(1), 0.2, new Random(3));
    long previous = 0;
    for (int n = 1; n <= 10; n++) {
      long delay = backoff.delay(n).toMillis();
      assertThat(delay).isGreaterThan(previous);
      previous = delay;
    }
  }
}
