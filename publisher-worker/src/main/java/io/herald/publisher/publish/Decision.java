package io.herald.publisher.publish;

import io.herald.common.stream.ResultMessage;
import java.time.Duration;

/**
 * What to do with a job after handling it: the result to emit (if any), and whether to run it again later
 * (through {@code herald:{jobs}:delayed}). The job's stream entry is acknowledged in every case.
 *
 * @param result     the result for {@code herald:{jobs}:results}, or null
 * @param runAgainIn when to hand the job back (retry, reconcile, status poll, deferral), or null when done
 * @param outcome    the metric outcome ({@code published}, {@code failed}, {@code deferred}, ...)
 */
public record Decision(ResultMessage result, Duration runAgainIn, String outcome) {

  public static Decision done(ResultMessage result) {
    return new Decision(result, null, result.outcome().name().toLowerCase());
  }

  public static Decision later(ResultMessage result, Duration runAgainIn) {
    return new Decision(result, runAgainIn, result.outcome().name().toLowerCase());
  }

  /** Not an attempt: the breaker is open, a rate limit or pause is running, or another run holds the target. */
  public static Decision deferred(Duration runAgainIn) {
    return new Decision(null, runAgainIn, "deferred");
  }

  /** A copy of an attempt older than the one the ledger works on: dropped, nothing to say. */
  public static Decision stale() {
    return new Decision(null, null, "stale");
  }

  /** Whether the target's job chain ends here (its job marker can go). */
  public boolean ends() {
    return runAgainIn == null && result != null;
  }
}
