package io.herald.publisher.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.common.stream.Delivery;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.StreamGroup;
import io.herald.common.stream.StreamKeys;
import io.herald.common.stream.StreamKeysUpgrade;
import io.herald.publisher.config.PublisherConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The Redis side of the stream contract ({@code docs/architecture.md} §3) that is the worker's own: the delayed set
 * and its mover, job markers, results, and the dead-letter stream's listing and replay. The consumer group itself
 * (reading, claiming, dead-lettering, figures) is common's {@link StreamGroup}, produced here.
 *
 * <p>What a job does in Redis once it is decided goes out in one round trip ({@link #finish}): its result, its next
 * run in the delayed set, its job marker and the acknowledgement, in that order, as one Lua script. A script stops at
 * the first command Redis refuses, so the entry is acknowledged only once everything before it landed, exactly as
 * when each was its own call (a plain pipeline would acknowledge even after a refused XADD). Measured against a
 * pipeline and MULTI/EXEC ({@code bench/redis_finish.py}) it costs Redis about as little. The markers of the entries
 * one read takes up are renewed together in one pipeline ({@link #markActive(List, Duration)}): each SET stands alone.
 */
@ApplicationScoped
public class JobStreams {
  /** The job streams, in the order they are read: high before normal before low. */
  public static final List<String> JOB_STREAMS = StreamKeys.jobStreams();

  /**
   * Moves due delayed jobs back to their stream in one atomic step. KEYS[1] = delayed zset, KEYS[2] = dead stream,
   * KEYS[3..] = the job streams a delayed job may go back to (all in one hash slot, {@link StreamKeys#TAG});
   * ARGV[1] = now (ms), ARGV[2] = batch size, ARGV[3] = MAXLEN ~. A member naming any other stream is dead-lettered.
   */
  static final String MOVE_DUE_SCRIPT = """
      local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
      local streams = {}
      for i = 3, #KEYS do streams[KEYS[i]] = true end
      for _, member in ipairs(due) do
        local ok, job = pcall(cjson.decode, member)
        if ok and type(job) == 'table' and type(job.stream) == 'string' and streams[job.stream]
            and type(job.fields) == 'table' then
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

  /**
   * Runs the commands of {@link Finish} in order, stopping at the first one Redis refuses (a script error), and
   * answers the last one's reply (the XACK). ARGV holds the commands one after another, each as its argument count
   * followed by its arguments; KEYS declares every key they touch (one hash slot, {@link StreamKeys#TAG}), so a
   * Redis Cluster routes the script to the node that holds them and refuses it whole if they were ever spread out.
   */
  static final String FINISH_SCRIPT = """
      local i, last = 1, nil
      while i <= #ARGV do
        local n = tonumber(ARGV[i])
        last = redis.call(unpack(ARGV, i + 1, i + n))
        i = i + n + 1
      end
      return last
      """;

  private static final String FINISH_SHA = sha1(FINISH_SCRIPT);

  /** How long a pipeline may take, as {@code quarkus.redis.timeout} bounds single commands. */
  private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(10);

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

  /** Moves jobs an older Herald left under the untagged keys (common's {@link StreamKeysUpgrade}), before reading. */
  void upgradeKeys() {
    StreamKeysUpgrade.runAtStart(redis);
  }

  /** The target's job marker ({@link StreamKeys#activeMarker}): its job is in Redis or in hand for {@code ttl}. */
  public void markActive(UUID targetId, Duration ttl) {
    values.set(StreamKeys.activeMarker(targetId), "worker", new SetArgs().px(Math.max(1, ttl.toMillis())));
  }

  /** Renews the job markers of these targets, each for {@code ttl}, in one round trip. */
  public void markActive(List<UUID> targetIds, Duration ttl) {
    if (targetIds.isEmpty()) {
      return;
    }
    var requests = new ArrayList<Request>(targetIds.size());
    for (UUID targetId : targetIds) {
      requests.add(setMarker(targetId, ttl));
    }
    send(requests);
  }

  /** The commands that end one job's handling of its entry, sent together by {@link Finish#ackAndSend()}. */
  public Finish finish(Delivery delivery) {
    return new Finish(delivery);
  }

  /**
   * A job's last word in Redis, in the order it must land: its result, its next run, its marker, then the
   * acknowledgement of its entry, which happens only if every command before it did.
   */
  public final class Finish {
    private final Delivery delivery;
    private final List<String> args = new ArrayList<>(48);
    private final Set<String> keys = new LinkedHashSet<>(4);

    private Finish(Delivery delivery) {
      this.delivery = delivery;
    }

    public Finish publishResult(ResultMessage result) {
      var xadd = new ArrayList<String>(32);
      xadd.addAll(List.of("XADD", StreamKeys.RESULTS, "MAXLEN", "~", Long.toString(config.streamMaxLength()), "*"));
      result.toFields().forEach((field, value) -> {
        xadd.add(field);
        xadd.add(value);
      });
      return command(StreamKeys.RESULTS, xadd);
    }

    /** Puts the job into the delayed set, due at {@code dueAt}; the mover puts it back on {@code stream}. */
    public Finish schedule(String stream, JobMessage job, Instant dueAt) {
      return command(StreamKeys.DELAYED, List.of("ZADD", StreamKeys.DELAYED, Long.toString(dueAt.toEpochMilli()),
          delayedMember(stream, job.toFields())));
    }

    public Finish markActive(UUID targetId, Duration ttl) {
      String marker = StreamKeys.activeMarker(targetId);
      return command(marker, List.of("SET", marker, "worker", "PX", Long.toString(Math.max(1, ttl.toMillis()))));
    }

    public Finish clearActive(UUID targetId) {
      String marker = StreamKeys.activeMarker(targetId);
      return command(marker, List.of("DEL", marker));
    }

    /** Adds the XACK of the entry (group {@code publishers}) and runs everything, in order, in one round trip. */
    public void ackAndSend() {
      command(delivery.stream(),
          List.of("XACK", delivery.stream(), StreamKeys.PUBLISHERS_GROUP, delivery.entryId()));
      var eval = new ArrayList<String>(args.size() + keys.size() + 2);
      eval.add(FINISH_SHA);
      eval.add(Integer.toString(keys.size()));
      eval.addAll(keys);
      eval.addAll(args);
      try {
        redis.execute("EVALSHA", eval.toArray(String[]::new));
      } catch (RuntimeException e) {
        if (!String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
          throw e;
        }
        // Redis lost its script cache (a restart): EVAL loads the script again; nothing of it ran.
        eval.set(0, FINISH_SCRIPT);
        redis.execute("EVAL", eval.toArray(String[]::new));
      }
    }

    private Finish command(String key, List<String> command) {
      keys.add(key);
      args.add(Integer.toString(command.size()));
      args.addAll(command);
      return this;
    }
  }

  private void send(List<Request> requests) {
    redis.getReactive().getRedis().batch(requests).await().atMost(PIPELINE_TIMEOUT);
  }

  private static String sha1(String script) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Request setMarker(UUID targetId, Duration ttl) {
    return Request.cmd(Command.SET).arg(StreamKeys.activeMarker(targetId)).arg("worker").arg("PX")
        .arg(Math.max(1, ttl.toMillis()));
  }

  /** The target's job chain ended: no job of it is left anywhere. */
  public void clearActive(UUID targetId) {
    redis.key(String.class).del(StreamKeys.activeMarker(targetId));
  }

  public String publishResult(ResultMessage result) {
    return streams.xadd(StreamKeys.RESULTS, trimmed(), result.toFields());
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
    var args = new ArrayList<String>(List.of(MOVE_DUE_SCRIPT, Integer.toString(2 + JOB_STREAMS.size()),
        StreamKeys.DELAYED, StreamKeys.DEAD));
    args.addAll(JOB_STREAMS);
    args.addAll(List.of(Long.toString(now.toEpochMilli()), Integer.toString(config.delayed().batchSize()),
        Long.toString(config.streamMaxLength())));
    return redis.execute("EVAL", args.toArray(String[]::new)).toInteger();
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
