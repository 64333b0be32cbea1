package io.herald.publisher.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.StreamGroup;
import io.herald.common.stream.StreamKeys;
import io.herald.publisher.config.PublisherConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Redis side of the stream contract ({@code docs/architecture.md} §3) that is the worker's own: the delayed set
 * and its mover, job markers, results, and the dead-letter stream's listing and replay. The consumer group itself
 * (reading, claiming, dead-lettering, figures) is common's {@link StreamGroup}, produced here.
 */
@ApplicationScoped
public class JobStreams {
  /** The job streams, in the order they are read: high before normal before low. */
  public static final List<String> JOB_STREAMS = Arrays.stream(Priority.values()).map(Priority::streamKey).toList();

  /**
   * Moves due delayed jobs back to their stream in one atomic step. KEYS[1] = delayed zset, KEYS[2] = dead stream;
   * ARGV[1] = now (ms), ARGV[2] = batch size, ARGV[3] = MAXLEN ~, ARGV[4] = the job-stream prefix.
   */
  static final String MOVE_DUE_SCRIPT = """
      local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
      for _, member in ipairs(due) do
        local ok, job = pcall(cjson.decode, member)
        if ok and type(job) == 'table' and type(job.stream) == 'string'
            and string.sub(job.stream, 1, string.len(ARGV[4])) == ARGV[4] and type(job.fields) == 'table' then
          local args = {job.stream, 'MAXLEN', '~', ARGV[3], '*'}
          for k, v in pairs(job.fields) do
            table.insert(args, k)
            table.insert(args, tostring(v))
          end
          redis.call('XADD', unpack(args))
        else
          redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'reason', 'malformed delayed job', 'raw', member)
        end
        redis.call('ZREM', KEYS[1], member)
      end
      return #due
      """;

  private final RedisDataSource redis;
  private final StreamCommands<String, String, String> streams;
  private final SortedSetCommands<String, String> sortedSets;
  private final ValueCommands<String, String> values;
  private final PublisherConfig config;
  private final ObjectMapper json;

  /** Group {@code publishers} over the job streams, high before normal before low. */
  @Produces
  @Singleton
  static StreamGroup publishers(RedisDataSource redis, PublisherConfig config) {
    return new StreamGroup(redis, StreamKeys.PUBLISHERS_GROUP, JOB_STREAMS, config.streamMaxLength());
  }

  JobStreams(RedisDataSource redis, PublisherConfig config, ObjectMapper json) {
    this.redis = redis;
    this.streams = redis.stream(String.class, String.class, String.class);
    this.sortedSets = redis.sortedSet(String.class, String.class);
    this.values = redis.value(String.class);
    this.config = config;
    this.json = json;
  }

  /** The target's job marker ({@link StreamKeys#activeMarker}): its job is in Redis or in hand for {@code ttl}. */
  public void markActive(UUID targetId, Duration ttl) {
    values.set(StreamKeys.activeMarker(targetId), "worker", new SetArgs().px(Math.max(1, ttl.toMillis())));
  }

  /** The target's job chain ended: no job of it is left anywhere. */
  public void clearActive(UUID targetId) {
    redis.key(String.class).del(StreamKeys.activeMarker(targetId));
  }

  public String publishResult(ResultMessage result) {
    return streams.xadd(StreamKeys.RESULTS, trimmed(), result.toFields());
  }

  /** Puts a job into the delayed zset, due at {@code dueAt}; the mover puts it back on {@code stream}. */
  public void schedule(String stream, JobMessage job, Instant dueAt) {
    sortedSets.zadd(StreamKeys.DELAYED, dueAt.toEpochMilli(), delayedMember(stream, job.toFields()));
  }

  private String delayedMember(String stream, Map<String, String> fields) {
    try {
      return json.writeValueAsString(Map.of("stream", stream, "fields", fields));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise a delayed job", e);
    }
  }

  /** Moves due delayed jobs back to their stream (one Lua script: ZRANGEBYSCORE, XADD, ZREM); returns how many. */
  public int moveDue(Instant now) {
    return redis.execute("EVAL", MOVE_DUE_SCRIPT, "2", StreamKeys.DELAYED, StreamKeys.DEAD,
        Long.toString(now.toEpochMilli()), Integer.toString(config.delayed().batchSize()),
        Long.toString(config.streamMaxLength()), StreamKeys.JOBS_PREFIX).toInteger();
  }

  /** Re-enqueues a job on a job stream. */
  public String enqueue(String stream, Map<String, String> fields) {
    return streams.xadd(stream, trimmed(), fields);
  }

  public List<StreamMessage<String, String, String>> readDead(String fromId, int count) {
    return streams.xrevrange(StreamKeys.DEAD, StreamRange.of(fromId, "-"), count);
  }

  public List<StreamMessage<String, String, String>> deadEntry(String entryId) {
    return streams.xrange(StreamKeys.DEAD, StreamRange.of(entryId, entryId), 1);
  }

  public void deleteDead(String entryId) {
    streams.xdel(StreamKeys.DEAD, entryId);
  }

  public long delayedCount() {
    return sortedSets.zcard(StreamKeys.DELAYED);
  }

  public long deadCount() {
    return streams.xlen(StreamKeys.DEAD);
  }

  private XAddArgs trimmed() {
    return new XAddArgs().maxlen(config.streamMaxLength()).nearlyExactTrimming();
  }
}
