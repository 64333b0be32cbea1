package io.herald.health.status.dto;

import java.time.Instant;
import java.util.List;

/** A target's history over {@code [from, to)} in steps; {@code uptime} is the ratio over the whole range. */
public record HistoryView(
    String service, Instant from, Instant to, long stepSeconds, Double uptime, List<Step> steps) {

  /**
   * One step.
   *
   * @param status  UP (up all the observed time), DOWN (down all of it), PARTIAL, or NO_DATA
   * @param uptime  time-weighted ratio, null for NO_DATA
   */
  public record Step(
      Instant from, Instant to, String status, Double uptime, long observedSeconds, int samples, int downSamples,
      Double avgLatencyMs) {}
}
