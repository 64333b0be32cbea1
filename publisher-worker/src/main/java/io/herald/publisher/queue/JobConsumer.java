package io.herald.publisher.queue;

import io.herald.publisher.config.PublisherConfig;
import io.herald.common.health.Heartbeats;
import io.herald.publisher.metrics.PublisherMetrics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/**
 * The worker's background loops: {@code concurrency} consumers of group {@code publishers} (high before normal before
 * low), the mover of due delayed jobs, the claimer of abandoned entries, and the queue sampler. Each survives Redis
 * going away and resumes when it is back. Shutdown stops reading first, then lets in-flight jobs finish within the
 * grace period; a job still running after it stays pending and is claimed by another worker.
 */
@ApplicationScoped
public class JobConsumer {
  public static final String CONSUMER_LOOP = "publisher-consumer-";
  public static final String DELAYED_LOOP = "publisher-delayed-mover";
  public static final String CLAIM_LOOP = "publisher-claimer";
  public static final String STATS_LOOP = "publisher-queue-stats";

  private final JobStreams streams;
  private final JobProcessor processor;
  private final PublisherConfig config;
  private final Heartbeats heartbeats;
  private final PublisherMetrics metrics;
  private final String consumerBase = "publisher-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<WorkerLoop> consumers = new ArrayList<>();
  private final List<WorkerLoop> housekeeping = new ArrayList<>();
  private volatile boolean groupsReady;

  JobConsumer(JobStreams streams, JobProcessor processor, PublisherConfig config, Heartbeats heartbeats,
      PublisherMetrics metrics) {
    this.streams = streams;
    this.processor = processor;
    this.config = config;
    this.heartbeats = heartbeats;
    this.metrics = metrics;
  }

  void onStart(@Observes StartupEvent event) {
    if (config.enabled()) {
      start();
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    stop(config.shutdownGrace());
  }

  public synchronized void start() {
    if (!consumers.isEmpty()) {
      return;
    }
    Duration stuckAfter = config.liveness().stuckAfter();
    for (int i = 0; i < config.concurrency(); i++) {
      String consumer = consumerBase + "-" + i;
      var ownPendingChecked = new java.util.concurrent.atomic.AtomicBoolean(false);
      consumers.add(new WorkerLoop(CONSUMER_LOOP + i, () -> consumeOne(consumer, ownPendingChecked), heartbeats, stuckAfter));
    }
    housekeeping.add(new WorkerLoop(DELAYED_LOOP, this::moveDue, heartbeats, stuckAfter));
    housekeeping.add(new WorkerLoop(CLAIM_LOOP, this::claimAbandoned, heartbeats, stuckAfter));
    housekeeping.add(new WorkerLoop(STATS_LOOP, this::sampleQueues, heartbeats, stuckAfter));
    consumers.forEach(WorkerLoop::start);
    housekeeping.forEach(WorkerLoop::start);
    Log.infof("Publisher %s consuming with %d threads", consumerBase, config.concurrency());
  }

  /** Stops reading, waits for in-flight jobs up to {@code grace}, then stops the housekeeping loops. */
  public synchronized void stop(Duration grace) {
    if (consumers.isEmpty()) {
      return;
    }
    consumers.forEach(WorkerLoop::requestStop);
    housekeeping.forEach(WorkerLoop::requestStop);
    Instant deadline = Instant.now().plus(grace);
    try {
      for (WorkerLoop loop : consumers) {
        if (!loop.awaitStop(remaining(deadline))) {
          Log.warn("A consumer did not finish within the grace period; its job stays pending for another worker");
        }
      }
      for (WorkerLoop loop : housekeeping) {
        loop.awaitStop(remaining(deadline));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumers.clear();
    housekeeping.clear();
    Log.infof("Publisher %s stopped", consumerBase);
  }

  public synchronized boolean isRunning() {
    return !consumers.isEmpty();
  }

  /**
   * One round of a consumer. On its first round, and after any failure, it first finishes what is already in its
   * own pending list (entries delivered to it before a stop or a failure), then reads new entries.
   */
  private Duration consumeOne(String consumer, java.util.concurrent.atomic.AtomicBoolean ownPendingChecked) {
    try {
      ensureGroups();
      if (!ownPendingChecked.get()) {
        for (Delivery delivery : streams.readOwnPending(consumer, 100)) {
          processor.process(delivery);
        }
        ownPendingChecked.set(true);
      }
      for (Delivery delivery : streams.readNext(consumer, config.pollBlock())) {
        processor.process(delivery);
      }
      return Duration.ZERO;
    } catch (RuntimeException e) {
      ownPendingChecked.set(false);
      if (e.getMessage() != null && e.getMessage().contains("NOGROUP")) {
        groupsReady = false;
      }
      throw e;
    }
  }

  private Duration moveDue() {
    int moved = streams.moveDue(Instant.now());
    return moved >= config.delayed().batchSize() ? Duration.ZERO : config.delayed().interval();
  }

  private Duration claimAbandoned() {
    ensureGroups();
    for (String stream : JobStreams.JOB_STREAMS) {
      for (Delivery delivery : streams.claimAbandoned(stream, consumerBase + "-claimer", config.claim().minIdle(), 10)) {
        if (delivery.deliveries() > config.claim().maxDeliveries()) {
          Log.warnf("Job %s on %s was delivered %d times; dead-lettering it", delivery.entryId(), stream,
              delivery.deliveries());
          processor.deadLetter(delivery, "delivered " + delivery.deliveries() + " times without being acknowledged");
        } else {
          Log.infof("Claimed abandoned job %s on %s (delivery %d)", delivery.entryId(), stream, delivery.deliveries());
          processor.process(delivery);
        }
      }
    }
    return config.claim().interval();
  }

  private Duration sampleQueues() {
    var stats = new LinkedHashMap<String, StreamStats>();
    for (String stream : JobStreams.JOB_STREAMS) {
      stats.put(stream, streams.stats(stream));
    }
    metrics.recordQueues(stats, streams.delayedCount(), streams.deadCount());
    return config.statsInterval();
  }

  private void ensureGroups() {
    if (!groupsReady) {
      streams.ensureGroups();
      groupsReady = true;
    }
  }

  private static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ofMillis(1) : left;
  }
}
