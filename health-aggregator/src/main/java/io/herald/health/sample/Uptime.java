package io.herald.health.sample;

/**
 * Time-weighted availability over a period: each sample stands for the time until the next one (at most the
 * maximum sample gap); time nobody watched is left out.
 *
 * @param upSeconds       seconds observed UP
 * @param observedSeconds seconds observed at all
 */
public record Uptime(double upSeconds, double observedSeconds) {

  /** UP time over observed time, or null when nothing was observed. */
  public Double ratio() {
    return observedSeconds <= 0 ? null : upSeconds / observedSeconds;
  }
}
