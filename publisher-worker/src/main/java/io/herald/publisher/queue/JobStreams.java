package io.herald.publisher.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.StreamKeys;
import io.herald.publisher.config.PublisherConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The Redis side of the stream contract (architecture §3), as this worker uses it. */
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

  JobStreams(RedisDataSource redis, PublisherConfig config, ObjectMapper json) {
    this.redis = redis;
    this.streams = redis.stream(String.class, String.class, String.class);
    this.sortedSets = redis.sortedSet(String.class, String.class);
    this.values = redis.value(String.class);
    this.config = config;
    this.json = json;
  }

  /** Creates the consumer group on every job stream (MKSTREAM); an existing group is left as it is. */
  public void ensureGroups() {
    for (String stream : JOB_STREAMS) {
      try {
        streams.xgroupCreate(stream, StreamKeys.PUBLISHERS_GROUP, "0", new XGroupCreateArgs().mkstream());
      } catch (RuntimeException e) {
        if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
          throw e;
        }
      }
    }
  }

  /**
   * Up to {@code count} new jobs for this consumer, high before normal before low; when all are empty, waits up to
   * {@code block} for any of them.
   */
  public List<Delivery> readNext(String consumer, int count, Duration block) {
    var result = new ArrayList<Delivery>();
    for (String stream : JOB_STREAMS) {
      if (result.size() < count) {
        result.addAll(deliveries(streams.xreadgroup(StreamKeys.PUBLISHERS_GROUP, consumer, stream, ">",
            new XReadGroupArgs().count(count - result.size()))));
      }
    }
    if (!result.isEmpty() || block.isZero()) {
      return result;
    }
    var all = new LinkedHashMap<String, String>();
    JOB_STREAMS.forEach(stream -> all.put(stream, ">"));
    var sorted = new ArrayList<>(streams.xreadgroup(
        StreamKeys.PUBLISHERS_GROUP, consumer, all, new XReadGroupArgs().count(count).block(block)));
    sorted.sort((a, b) -> Integer.compare(JOB_STREAMS.indexOf(a.key()), JOB_STREAMS.indexOf(b.key())));
    return deliveries(sorted);
  }

  /**
   * Entries already delivered to this consumer but not acknowledged (its own PEL, read with id 0): work it was
   * handed before a stop, a failure or an abandoned blocking read.
   */
  public List<Delivery> readOwnPending(String consumer, int count) {
    var result = new ArrayList<Delivery>();
    for (String stream : JOB_STREAMS) {
      for (var m : streams.xreadgroup(StreamKeys.PUBLISHERS_GROUP, consumer, stream, "0",
          new XReadGroupArgs().count(count))) {
        if (m.payload() == null || m.payload().isEmpty()) {
          streams.xack(stream, StreamKeys.PUBLISHERS_GROUP, m.id());
        } else {
          result.add(new Delivery(m.key(), m.id(), m.payload(), 1));
        }
      }
    }
    return result;
  }

  public void ack(Delivery delivery) {
    streams.xack(delivery.stream(), StreamKeys.PUBLISHERS_GROUP, delivery.entryId());
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

  String delayedMember(String stream, Map<String, String> fields) {
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

  /** Copies a job to the dead-letter stream with why it died; the caller acknowledges it afterwards. */
  public String deadLetter(Delivery delivery, String reason) {
    var fields = new LinkedHashMap<String, String>(delivery.fields());
    fields.put("reason", reason);
    fields.put("deliveries", Integer.toString(delivery.deliveries()));
    fields.put("sourceStream", delivery.stream());
    fields.put("sourceEntryId", delivery.entryId());
    fields.put("deadAt", Instant.now().toString());
    return streams.xadd(StreamKeys.DEAD, trimmed(), fields);
  }

  /**
   * Claims entries of this stream idle longer than {@code minIdle} (XAUTOCLAIM), with their delivery counts
   * (the claim itself counts as a delivery). Entries trimmed away are acknowledged and skipped.
   */
  public List<Delivery> claimAbandoned(String stream, String consumer, Duration minIdle, int count) {
    var claimed = streams.xautoclaim(stream, StreamKeys.PUBLISHERS_GROUP, consumer, minIdle, "0-0", count);
    var result = new ArrayList<Delivery>();
    for (StreamMessage<String, String, String> message : claimed.getMessages()) {
      if (message.payload() == null || message.payload().isEmpty()) {
        streams.xack(stream, StreamKeys.PUBLISHERS_GROUP, message.id());
        continue;
      }
      var pending = streams.xpending(stream, StreamKeys.PUBLISHERS_GROUP, StreamRange.of(message.id(), message.id()), 1);
      int deliveries = pending.isEmpty() ? 1 : pending.get(0).getDeliveryCount();
      result.add(new Delivery(stream, message.id(), message.payload(), deliveries));
    }
    return result;
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

  /** Depth, lag and pending of one job stream (XLEN, XINFO GROUPS). */
  public StreamStats stats(String stream) {
    long depth = streams.xlen(stream);
    long lag = 0;
    long pending = 0;
    try {
      var groups = redis.execute("XINFO", "GROUPS", stream);
      for (var group : groups) {
        var info = toMap(group);
        if (StreamKeys.PUBLISHERS_GROUP.equals(info.get("name"))) {
          pending = parseLong(info.get("pending"));
          lag = info.get("lag") == null ? depth : parseLong(info.get("lag"));
        }
      }
    } catch (RuntimeException e) {
      if (e.getMessage() == null || !e.getMessage().contains("no such key")) {
        throw e;
      }
      Log.debugf("Stream %s does not exist yet", stream);
    }
    return new StreamStats(stream, depth, lag, pending);
  }

  public long delayedCount() {
    return sortedSets.zcard(StreamKeys.DELAYED);
  }

  public long deadCount() {
    return streams.xlen(StreamKeys.DEAD);
  }

  private static Map<String, String> toMap(io.vertx.mutiny.redis.client.Response group) {
    var map = new LinkedHashMap<String, String>();
    if (group.type() == io.vertx.redis.client.ResponseType.MULTI && group.size() % 2 == 0 && !isMapType(group)) {
      for (int i = 0; i + 1 < group.size(); i += 2) {
        var value = group.get(i + 1);
        map.put(group.get(i).toString(), value == null ? null : value.toString());
      }
    } else {
      for (String key : group.getKeys()) {
        var value = group.get(key);
        map.put(key, value == null ? null : value.toString());
      }
    }
    return map;
  }

  private static boolean isMapType(io.vertx.mutiny.redis.client.Response response) {
    try {
      return !response.getKeys().isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static long parseLong(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private XAddArgs trimmed() {
    return new XAddArgs().maxlen(config.streamMaxLength()).nearlyExactTrimming();
  }

  private static List<Delivery> deliveries(List<StreamMessage<String, String, String>> messages) {
    return messages.stream().map(m -> new Delivery(m.key(), m.id(), m.payload(), 1)).toList();
  }
}
