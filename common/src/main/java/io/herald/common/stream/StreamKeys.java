package io.herald.common.stream;

import java.util.List;
import java.util.UUID;

/**
 * The Redis keys and consumer groups of the stream contract (architecture §3), the one place that names them.
 *
 * <p>Every key a job or its result passes through carries the hash tag {@link #TAG} ({@code {jobs}}), so they all
 * live in one hash slot of a Redis Cluster: the commands and scripts that touch several of them at once (the read of
 * the three job streams, the delayed-job mover, the worker's finish script, the relay's pipeline of marker and job,
 * the reconciler's read of many markers) stay on one node. The price is that the job pipeline is served by one
 * master; a cluster spreads the rest (rate limits, login throttling, caches, connect flows) and gives failover.
 * {@link #ACCOUNTS} is read and written alone and needs no tag.
 */
public final class StreamKeys {
  /** The hash tag shared by every key of the job pipeline. */
  public static final String TAG = "{jobs}";
  /** Prefix of every key of the job pipeline, the job streams among them ({@link Priority#streamKey()}). */
  public static final String JOBS_PREFIX = "herald:" + TAG + ":";
  /** Sorted set of delayed jobs, score = due epoch millis, member = the job's fields as JSON. */
  public static final String DELAYED = JOBS_PREFIX + "delayed";
  /** Jobs that cannot be run (too many deliveries, malformed), with the reason. */
  public static final String DEAD = JOBS_PREFIX + "dead";
  /** Results of publish attempts, read by content-service (group {@link #CONTENT_GROUP}). */
  public static final String RESULTS = JOBS_PREFIX + "results";
  /** Results content-service cannot read (unknown version, bad field), with the reason. */
  public static final String RESULTS_DEAD = JOBS_PREFIX + "results:dead";
  /** Accounts that stopped being usable ({@link AccountEvent}), trimmed to about {@link #ACCOUNTS_KEPT} entries. */
  public static final String ACCOUNTS = "herald:accounts";
  public static final long ACCOUNTS_KEPT = 10_000;
  public static final String PUBLISHERS_GROUP = "publishers";
  public static final String CONTENT_GROUP = "content-service";
  /**
   * content-service's group on {@link #ACCOUNTS} for its tenant webhooks: each event is handled by one replica (the
   * broadcast followers that invalidate caches read the same stream without a group).
   */
  public static final String CONTENT_WEBHOOKS_GROUP = "content-webhooks";
  /**
   * Prefix of a target's job marker ({@link #activeMarker}): a string with a TTL that exists while a job of the target
   * is in Redis or in a worker's hands. content-service sets it when it relays a job; the worker renews it when it
   * takes the job up or schedules it again, and deletes it once the target is final. A target in flight without a
   * marker has lost its job (Redis restarted empty, a worker died): content-service enqueues it again.
   */
  public static final String ACTIVE_PREFIX = JOBS_PREFIX + "active:";

  private StreamKeys() {}

  /** The job streams, in the order they are read: high before normal before low. */
  public static List<String> jobStreams() {
    return java.util.Arrays.stream(Priority.values()).map(Priority::streamKey).toList();
  }

  public static String activeMarker(UUID targetId) {
    return ACTIVE_PREFIX + targetId;
  }
}
