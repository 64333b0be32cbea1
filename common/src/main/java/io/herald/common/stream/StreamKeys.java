package io.herald.common.stream;

/** The Redis keys and consumer groups of the stream contract (architecture §3). */
public final class StreamKeys {
  public static final String JOBS_PREFIX = "herald:jobs:";
  /** Sorted set of delayed jobs, score = due epoch millis, member = the job's fields as JSON. */
  public static final String DELAYED = "herald:jobs:delayed";
  public static final String DEAD = "herald:jobs:dead";
  public static final String RESULTS = "herald:results";
  /** Accounts that stopped being usable ({@link AccountEvent}), trimmed to about {@link #ACCOUNTS_KEPT} entries. */
  public static final String ACCOUNTS = "herald:accounts";
  public static final long ACCOUNTS_KEPT = 10_000;
  public static final String PUBLISHERS_GROUP = "publishers";
  public static final String CONTENT_GROUP = "content-service";
  /**
   * Prefix of a target's job marker ({@link #activeMarker}): a string with a TTL that exists while a job of the target
   * is in Redis or in a worker's hands. content-service sets it when it relays a job; the worker renews it when it
   * takes the job up or schedules it again, and deletes it once the target is final. A target in flight without a
   * marker has lost its job (Redis restarted empty, a worker died): content-service enqueues it again.
   */
  public static final String ACTIVE_PREFIX = "herald:jobs:active:";

  private StreamKeys() {}

  public static String activeMarker(java.util.UUID targetId) {
    return ACTIVE_PREFIX + targetId;
  }
}
