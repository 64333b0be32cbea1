package io.herald.common.stream;

/** The Redis keys and consumer groups of the stream contract (architecture §3). */
public final class StreamKeys {
  public static final String JOBS_PREFIX = "herald:jobs:";
  /** Sorted set of delayed jobs, score = due epoch millis, member = the job's fields as JSON. */
  public static final String DELAYED = "herald:jobs:delayed";
  public static final String DEAD = "herald:jobs:dead";
  public static final String RESULTS = "herald:results";
  public static final String PUBLISHERS_GROUP = "publishers";
  public static final String CONTENT_GROUP = "content-service";

  private StreamKeys() {}
}
