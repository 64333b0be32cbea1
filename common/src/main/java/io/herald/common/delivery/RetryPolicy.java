package io.herald.common.delivery;

import io.herald.common.loop.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed delivery is tried again: after the backoff for its attempt number, unless that passes
 * {@code maxAttempts} attempts or {@code giveUpAfter} since the delivery was created; then it is given up.
 */
public record RetryPolicy(Backoff backoff, int maxAttempts, Duration giveUpAfter) {

  /** The next attempt after the {@code attempts}-th failed one, or empty to give up. */
  public Optional<Instant> next(int attempts, Instant createdAt, Instant now) {
    Instant next = now.plus(backoff.delay(attempts));
    if (attempts >= maxAttempts || next.isAfter(createdAt.plus(giveUpAfter))) {
      return Optional.empty();
    }
    return Optional.of(next);
  }
}
