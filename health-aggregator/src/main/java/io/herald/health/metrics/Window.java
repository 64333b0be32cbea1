package io.herald.health.metrics;

import java.time.Duration;

/** The periods uptime is reported over. */
public enum Window {
  HOUR("1h", Duration.ofHours(1)),
  DAY("24h", Duration.ofHours(24)),
  WEEK("7d", Duration.ofDays(7)),
  MONTH("30d", Duration.ofDays(30));

  private final String label;
  private final Duration length;

  Window(String label, Duration length) {
    this.label = label;
    this.length = length;
  }

  public String label() {
    return label;
  }

  public Duration length() {
    return length;
  }
}
