package io.herald.common.stream;

/** A job's priority; each has its own stream, read high before normal before low. */
public enum Priority {
  HIGH,
  NORMAL,
  LOW;

  public String streamKey() {
    return StreamKeys.JOBS_PREFIX + name().toLowerCase(java.util.Locale.ROOT);
  }
}
