package io.herald.content.result;

import io.herald.common.stream.MalformedMessageException;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.StreamKeys;
import io.herald.content.config.ContentConfig;
import io.herald.common.health.Heartbeats;
import io.herald.content.schedule.LoopRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/**
 * Consumes {@code herald:results} in group {@code content-service}: applies each result, then XACKs it. Entries that
 * break the contract (unknown version, bad field) go to {@code herald:results:dead}, are acked, logged and counted.
 * Entries left pending by a crashed replica are claimed after a while.
 */
@ApplicationScoped
public class ResultConsumer {
  public static final String DEAD = "herald:results:dead";
  static final String LOOP = "results-consumer";
  static final Duration CLAIM_IDLE = Duration.ofSeconds(30);

  private final RedisDataSource redis;
  private final ResultApplier applier;
  private final ContentConfig config;
  private final Heartbeats heartbeats;
  private final MeterRegistry metrics;
  private final String consumer = "content-" + UUID.randomUUID();
  private volatile boolean groupReady;
  private volatile boolean redisFailing;

  ResultConsumer(RedisDataSource redis, ResultApplier applier, ContentConfig config, Heartbeats heartbeats,
      MeterRegistry metrics) {
    this.redis = redis;
    this.applier = applier;
    this.config = config;
    this.heartbeats = heartbeats;
    this.metrics = metrics;
  }

  void onStart(@Observes StartupEvent event, LoopRunner loops) {
    loops.start(LOOP, Duration.ofMillis(200), this::round);
  }

  void round() {
    consumeAvailable();
  }

  /** Reads and handles what is waiting (claimed and new entries); answers how many entries were handled. */
  public int consumeAvailable() {
    try {
      ensureGroup();
      var streams = redis.stream(String.class);
      int handled = 0;
      var claimed = streams.xautoclaim(StreamKeys.RESULTS, StreamKeys.CONTENT_GROUP, consumer, CLAIM_IDLE, "0-0", 100);
      handled += handle(claimed.getMessages());
      List<StreamMessage<String, String, String>> fresh;
      do {
        fresh = streams.xreadgroup(StreamKeys.CONTENT_GROUP, consumer, StreamKeys.RESULTS, ">",
            new XReadGroupArgs().count(100));
        handled += handle(fresh);
        heartbeats.beat(LOOP);
      } while (fresh.size() == 100);
      if (redisFailing) {
        Log.info("Results consumer: Redis is back");
        redisFailing = false;
      }
      return handled;
    } catch (RuntimeException e) {
      if (e.getMessage() != null && e.getMessage().contains("NOGROUP")) {
        groupReady = false;
      }
      if (!redisFailing) {
        Log.warnf("Results consumer: cannot read %s (%s)", StreamKeys.RESULTS, e.toString());
      }
      redisFailing = true;
      return 0;
    }
  }

  private int handle(List<StreamMessage<String, String, String>> messages) {
    var streams = redis.stream(String.class);
    for (var message : messages) {
      ResultMessage result;
      try {
        result = ResultMessage.fromFields(message.payload());
      } catch (MalformedMessageException e) {
        var dead = new LinkedHashMap<>(message.payload());
        dead.put("deadReason", e.getMessage());
        dead.put("sourceId", message.id());
        streams.xadd(DEAD, new XAddArgs().maxlen(config.streamMaxLength()).nearlyExactTrimming(), dead);
        streams.xack(StreamKeys.RESULTS, StreamKeys.CONTENT_GROUP, message.id());
        metrics.counter("herald_results_dead_total").increment();
        Log.warnf("Results consumer: entry %s breaks the contract (%s); moved to %s", message.id(), e.getMessage(), DEAD);
        continue;
      }
      var effect = applier.apply(result);
      if (effect == ResultApplier.Effect.UNKNOWN_TARGET) {
        Log.warnf("Results consumer: entry %s names unknown target %s; acked", message.id(), result.targetId());
      }
      streams.xack(StreamKeys.RESULTS, StreamKeys.CONTENT_GROUP, message.id());
    }
    return messages.size();
  }

  private void ensureGroup() {
    if (groupReady) {
      return;
    }
    try {
      redis.stream(String.class).xgroupCreate(StreamKeys.RESULTS, StreamKeys.CONTENT_GROUP, "0",
          new XGroupCreateArgs().mkstream());
    } catch (RuntimeException e) {
      if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
        throw e;
      }
    }
    groupReady = true;
  }
}
