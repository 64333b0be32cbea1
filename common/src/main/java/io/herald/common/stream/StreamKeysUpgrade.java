package io.herald.common.stream;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.value.SetArgs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves what a Herald from before the hash-tagged keys ({@link StreamKeys#TAG}) left in Redis to the keys of now, at
 * the start of content-service and publisher-worker, before their loops run. Idempotent: once the old keys are gone
 * it costs seven EXISTS.
 *
 * <ul>
 *   <li>A stream (jobs, results, dead letters) whose new key does not exist yet is renamed, consumer groups and
 *       pending entries included (one node: RENAMENX). Otherwise (the new key was written first, or the two keys
 *       sit on different nodes of a cluster) its entries are added to the new stream and deleted from the old one,
 *       a batch at a time; entries that were pending are then delivered again, which the ledger absorbs.
 *   <li>Delayed jobs are moved member by member with the stream they go back to renamed, and keep their due time.
 *   <li>Job markers are moved with their time to live, found by SCAN on a single node. On a cluster they are left
 *       to expire: a target whose job has no marker is enqueued again by content-service's reconciler, which the
 *       ledger absorbs.
 * </ul>
 * Two replicas starting at once may both copy one entry (at least once, as every delivery); none is lost.
 */
public final class StreamKeysUpgrade {
  /** The keys before the hash tag, with the key each moved to. */
  static final Map<String, String> STREAMS = Map.of(
      "herald:jobs:high", Priority.HIGH.streamKey(),
      "herald:jobs:normal", Priority.NORMAL.streamKey(),
      "herald:jobs:low", Priority.LOW.streamKey(),
      "herald:jobs:dead", StreamKeys.DEAD,
      "herald:results", StreamKeys.RESULTS,
      "herald:results:dead", StreamKeys.RESULTS_DEAD);
  static final String OLD_DELAYED = "herald:jobs:delayed";
  static final String OLD_ACTIVE_PREFIX = "herald:jobs:active:";
  private static final String OLD_PREFIX = "herald:jobs:";
  private static final int BATCH = 500;

  private StreamKeysUpgrade() {}

  /**
   * {@link #run} at a service's start: when Redis cannot be asked, the start goes on (liveness never waits on Redis)
   * and what the old keys hold moves at the next start; meanwhile content-service's reconciler enqueues again every
   * target whose job it cannot see.
   */
  public static void runAtStart(RedisDataSource redis) {
    try {
      run(redis);
    } catch (RuntimeException e) {
      Log.warnf("Could not move the jobs of the old Redis keys yet (%s); the next start tries again", e.toString());
    }
  }

  /** Moves whatever the old keys hold; answers how many keys, entries, delayed jobs and markers it moved. */
  public static int run(RedisDataSource redis) {
    var keys = redis.key(String.class);
    int moved = 0;
    boolean found = false;
    for (var stream : STREAMS.entrySet()) {
      if (keys.exists(stream.getKey())) {
        found = true;
        moved += moveStream(redis, stream.getKey(), stream.getValue());
      }
    }
    if (keys.exists(OLD_DELAYED)) {
      found = true;
      moved += moveDelayed(redis);
    }
    if (!found) {
      return 0;
    }
    if (!isCluster(redis)) {
      moved += moveMarkers(redis);
    }
    Log.infof("Moved %d keys, entries, delayed jobs and markers to the hash-tagged keys of %s", moved,
        StreamKeys.TAG);
    return moved;
  }

  private static int moveStream(RedisDataSource redis, String from, String to) {
    try {
      if (redis.key(String.class).renamenx(from, to)) {
        return 1;
      }
    } catch (RuntimeException e) {
      if (!String.valueOf(e.getMessage()).contains("CROSSSLOT")) {
        throw e;
      }
      // a cluster: the two keys live in different slots, the entries are copied instead
    }
    var streams = redis.stream(String.class, String.class, String.class);
    int moved = 0;
    List<StreamMessage<String, String, String>> batch;
    while (!(batch = streams.xrange(from, StreamRange.of("-", "+"), BATCH)).isEmpty()) {
      for (var message : batch) {
        if (message.payload() != null && !message.payload().isEmpty()) {
          streams.xadd(to, new LinkedHashMap<>(message.payload()));
          moved++;
        }
        streams.xdel(from, message.id());
      }
    }
    redis.key(String.class).del(from);
    return moved;
  }

  private static int moveDelayed(RedisDataSource redis) {
    var sortedSets = redis.sortedSet(String.class, String.class);
    int moved = 0;
    List<ScoredValue<String>> batch;
    while (!(batch = sortedSets.zrangeWithScores(OLD_DELAYED, 0, BATCH - 1)).isEmpty()) {
      for (var job : batch) {
        sortedSets.zadd(StreamKeys.DELAYED, job.score(), renameStream(job.value()));
        sortedSets.zrem(OLD_DELAYED, job.value());
        moved++;
      }
    }
    return moved;
  }

  /**
   * A delayed job names the stream it goes back to ({@code {"stream":"herald:jobs:normal","fields":{...}}}, written
   * by Jackson without spaces); the fields' values are JSON strings, so their quotes are escaped and cannot match.
   */
  static String renameStream(String member) {
    return member.replace("\"stream\":\"" + OLD_PREFIX, "\"stream\":\"" + StreamKeys.JOBS_PREFIX);
  }

  /** A cluster answers SCAN per node (a client sends each call to any node), so markers are left to the reconciler. */
  private static boolean isCluster(RedisDataSource redis) {
    return String.valueOf(redis.execute("INFO", "cluster")).contains("cluster_enabled:1");
  }

  private static int moveMarkers(RedisDataSource redis) {
    var keys = redis.key(String.class);
    var values = redis.value(String.class);
    int moved = 0;
    for (String marker : keys.scan(new KeyScanArgs().match(OLD_ACTIVE_PREFIX + "*").count(1000)).toIterable()) {
      long ttl = keys.pttl(marker);
      String value = values.get(marker);
      if (value != null && ttl > 0) {
        values.set(StreamKeys.ACTIVE_PREFIX + marker.substring(OLD_ACTIVE_PREFIX.length()), value,
            new SetArgs().px(ttl).nx());
        moved++;
      }
      keys.del(marker);
    }
    return moved;
  }
}
