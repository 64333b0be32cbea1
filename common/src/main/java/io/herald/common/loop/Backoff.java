package io.herald.common.loop;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter, capped: try n (1-based) waits {@code initial * 2^(n-1)}, spread by
 * plus or minus {@code jitter}, never more than {@code max}.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final double jitter;
  private final RandomGenerator random;

  public Backoff(Duration initial, Duration max, double jitter, RandomGenerator random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("Backoff needs 0 < initial <= max");
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("Jitter must be in [0, 1)");
    }
    this.initial = initial;
    this.max = max;
    this.jitter = jitter;
    this.random = random;
  }

  /** Doubling from {@code initial} up to {@code max}, without jitter. */
  public static Backoff doubling(Duration initial, Duration max) {
    return new Backoff(initial, max, 0, RandomGenerator.getDefault());
  }

  /** The wait before retry number {@code n} (1 = the first retry). */
  public Duration delay(int n) {
    int exponent = Math.max(0, Math.min(n - 1, 40));
    double base = Math.min(max.toMillis(), initial.toMillis() * Math.pow(2, exponent));
    double spread = jitter == 0 ? 0 : (random.nextDouble() * 2 - 1) * jitter * base;
    long millis = Math.round(Math.min(max.toMillis(), Math.max(1, base + spread)));
    return Duration.ofMillis(millis);
  }
}
