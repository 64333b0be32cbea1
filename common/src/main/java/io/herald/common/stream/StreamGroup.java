package io.herald.common.stream;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reliable consumer kit: one consumer group over one or more streams, read in the order given (a priority
 * order). It creates the group where it is missing (from the start of the stream, so nothing already added is
 * skipped) and again after Redis lost it (NOGROUP), claims entries other
 * consumers abandoned with their delivery counts, moves entries to a dead-letter stream with the reason, and reads a
 * stream's depth, lag and pending from {@code XINFO GROUPS}. Delivery is at least once: whatever handles an entry
 * must be idempotent, and acknowledges it only once its effect is committed.
 */
public final class StreamGroup {
  private final RedisDataSource redis;
  private final StreamCommands<String, String, String> commands;
  private final String group;
  private final List<String> streams;
  private final long maxLength;
  private volatile boolean ready;

  /** {@code maxLength}: the approximate MAXLEN of what this kit writes (dead letters). */
  public StreamGroup(RedisDataSource redis, String group, List<String> streams, long maxLength) {
    this.redis = redis;
    this.commands = redis.stream(String.class, String.class, String.class);
    this.group = group;
    this.streams = List.copyOf(streams);
    this.maxLength = maxLength;
  }

  public List<String> streams() {
    return streams;
  }

  /** Creates the group on every stream where it is missing (MKSTREAM, from id 0); an existing group is kept. */
  public void ensure() {
    for (String stream : streams) {
      try {
        commands.xgroupCreate(stream, group, "0", new XGroupCreateArgs().mkstream());
      } catch (RuntimeException e) {
        if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
          throw e;
        }
      }
    }
    ready = true;
  }

  /**
   * Up to {@code count} new entries for this consumer, streams in their order; when all are empty, waits up to
   * {@code block} for any of them. A group Redis lost (restarted empty) is created again.
   */
  public List<Delivery> readNew(String consumer, int count, Duration block) {
    return withGroup(() -> {
      var result = new ArrayList<Delivery>();
      for (String stream : streams) {
        if (result.size() < count) {
          result.addAll(deliveries(commands.xreadgroup(group, consumer, stream, ">",
              new XReadGroupArgs().count(count - result.size()))));
        }
      }
      if (!result.isEmpty() || block.isZero()) {
        return result;
      }
      var all = new LinkedHashMap<String, String>();
      streams.forEach(stream -> all.put(stream, ">"));
      var sorted = new ArrayList<>(commands.xreadgroup(group, consumer, all,
          new XReadGroupArgs().count(count).block(block)));
      sorted.sort((a, b) -> Integer.compare(streams.indexOf(a.key()), streams.indexOf(b.key())));
      return deliveries(sorted);
    });
  }

  /**
   * Claims entries other consumers left pending longer than {@code minIdle} (XAUTOCLAIM), with their delivery counts
   * (the claim counts as one). Entries trimmed away meanwhile are acknowledged and skipped.
   */
  public List<Delivery> claimIdle(String consumer, Duration minIdle, int count) {
    return withGroup(() -> {
      var result = new ArrayList<Delivery>();
      for (String stream : streams) {
        for (var message : commands.xautoclaim(stream, group, consumer, minIdle, "0-0", count).getMessages()) {
          if (message.payload() == null || message.payload().isEmpty()) {
            commands.xack(stream, group, message.id());
            continue;
          }
          var pending = commands.xpending(stream, group, StreamRange.of(message.id(), message.id()), 1);
          int deliveries = pending.isEmpty() ? 1 : pending.get(0).getDeliveryCount();
          result.add(new Delivery(stream, message.id(), message.payload(), deliveries));
        }
      }
      return result;
    });
  }

  public void ack(Delivery delivery) {
    commands.xack(delivery.stream(), group, delivery.entryId());
  }

  /**
   * Copies an entry to {@code deadStream} with why it died ({@code reason}, {@code deliveries},
   * {@code sourceStream}, {@code sourceEntryId}, {@code deadAt}), then acknowledges it: added before acknowledged,
   * so a crash in between leaves it pending, never lost.
   */
  public String deadLetter(Delivery delivery, String deadStream, String reason) {
    var fields = new LinkedHashMap<>(delivery.fields());
    fields.put("reason", reason);
    fields.put("deliveries", Integer.toString(delivery.deliveries()));
    fields.put("sourceStream", delivery.stream());
    fields.put("sourceEntryId", delivery.entryId());
    fields.put("deadAt", Instant.now().toString());
    String id = commands.xadd(deadStream, new XAddArgs().maxlen(maxLength).nearlyExactTrimming(), fields);
    ack(delivery);
    return id;
  }

  /** Depth, lag and pending of one of the group's streams (XLEN, XINFO GROUPS); zeros for a stream not made yet. */
  public GroupStats stats(String stream) {
    long depth = commands.xlen(stream);
    try {
      for (Response entry : redis.execute("XINFO", "GROUPS", stream)) {
        Map<String, String> info = fields(entry);
        if (group.equals(info.get("name"))) {
          long pending = number(info.get("pending"));
          return new GroupStats(stream, depth, info.get("lag") == null ? depth : number(info.get("lag")), pending,
              oldestUnfinished(stream, pending, info.get("last-delivered-id")));
        }
      }
    } catch (RuntimeException e) {
      if (!String.valueOf(e.getMessage()).contains("no such key")) {
        throw e;
      }
    }
    return new GroupStats(stream, depth, depth, 0, oldestUnfinished(stream, 0, "0-0"));
  }

  /**
   * When the oldest entry the group has not finished with was added: the oldest pending entry ({@code XPENDING}'s
   * summary), else the first entry after the last one delivered; empty when there is none.
   */
  private Optional<Instant> oldestUnfinished(String stream, long pending, String lastDelivered) {
    String id = null;
    if (pending > 0) {
      Response summary = redis.execute("XPENDING", stream, group);
      id = summary != null && summary.size() > 1 && summary.get(1) != null ? summary.get(1).toString() : null;
    } else if (lastDelivered != null) {
      Response next = redis.execute("XRANGE", stream, "(" + lastDelivered, "+", "COUNT", "1");
      id = next != null && next.size() > 0 ? next.get(0).get(0).toString() : null;
    }
    return id == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(id.split("-", 2)[0])));
  }

  /** Whether Redis answered that the group (or its stream) is gone: Redis lost its data. */
  public static boolean isNoGroup(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("NOGROUP")) {
        return true;
      }
    }
    return false;
  }

  private <T> T withGroup(java.util.function.Supplier<T> read) {
    if (!ready) {
      ensure();
    }
    try {
      return read.get();
    } catch (RuntimeException e) {
      if (!isNoGroup(e)) {
        throw e;
      }
      ensure();
      return read.get();
    }
  }

  /** XINFO's reply as a map: RESP3 answers a map, RESP2 a flat list of names and values. */
  private static Map<String, String> fields(Response reply) {
    var map = new LinkedHashMap<String, String>();
    if (reply.type() == ResponseType.MULTI && !isMap(reply)) {
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        map.put(reply.get(i).toString(), reply.get(i + 1) == null ? null : reply.get(i + 1).toString());
      }
    } else {
      for (String key : reply.getKeys()) {
        map.put(key, reply.get(key) == null ? null : reply.get(key).toString());
      }
    }
    return map;
  }

  private static boolean isMap(Response reply) {
    try {
      return !reply.getKeys().isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static long number(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static List<Delivery> deliveries(List<StreamMessage<String, String, String>> messages) {
    return messages.stream().map(m -> new Delivery(m.key(), m.id(), m.payload(), 1)).toList();
  }
}
