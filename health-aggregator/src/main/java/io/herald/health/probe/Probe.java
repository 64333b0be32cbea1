package io.herald.health.probe;

import io.herald.health.config.Target;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of probing one target once.
 *
 * @param target    what was probed
 * @param at        when the poll cycle started (the aggregator's clock)
 * @param status    UP or DOWN
 * @param latencyMs how long the health (or reachability) request took, up to the timeout
 * @param error     why the target could not be read (timeout, connection refused, unexpected answer); null if it
 *                  answered
 * @param checks    the checks it reported
 * @param resources CPU, heap, RSS and disk from its metrics
 */
public record Probe(
    Target target, Instant at, Status status, long latencyMs, String error, List<CheckResult> checks,
    Resources resources) {

  /** The names of the checks that reported DOWN. */
  public List<String> failedChecks() {
    return checks.stream().filter(c -> c.status() == Status.DOWN).map(CheckResult::name).toList();
  }
}
