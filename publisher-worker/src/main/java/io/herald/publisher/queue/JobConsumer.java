package io.herald.publisher.queue;

import io.herald.common.loop.LoopRunner;
import io.herald.common.loop.LoopRunner.Loop;
import io.herald.common.stream.Delivery;
import io.herald.common.stream.GroupStats;
import io.herald.common.stream.StreamGroup;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.ledger.LeaseKeeper;
import io.herald.publisher.tiktok.webhook.TikTokWebhooks;
import io.herald.publisher.metrics.PublisherMetrics;
import io.herald.publisher.queue.JobProcessor.Handling;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The worker's background loops, run by common's {@link LoopRunner}. The dispatcher reads group {@code publishers}
 * (high before normal before low) no faster than it has room for: each job runs on its own virtual thread, at most
 * {@code concurrency} at once, so one slow upload never holds up the others and the dispatcher's heartbeat says the
 * loop is alive, not that every job is short. An entry that failed transiently is tried again with backoff; during an
 * outage of Postgres or Redis the dispatcher stops reading new entries. Next to it run the mover of due delayed jobs,
 * the claimer of abandoned entries, the lease keeper and the queue sampler. Shutdown stops reading first, then lets
 * in-flight jobs finish within the grace period; a job still running after it stays pending and is claimed by
 * another worker.
 */
@ApplicationScoped
public class JobConsumer {
  public static final String CONSUMER_LOOP = "publisher-consumer";
  public static final String DELAYED_LOOP = "publisher-delayed-mover";
  public static final String CLAIM_LOOP = "publisher-claimer";
  public static final String LEASE_LOOP = "publisher-leases";
  public static final String STATS_LOOP = "publisher-queue-stats";
  public static final String WEBHOOK_LOOP = "publisher-tiktok-webhooks";
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration WEBHOOK_INTERVAL = Duration.ofSeconds(2);

  private final StreamGroup group;
  private final JobStreams streams;
  private final JobProcessor processor;
  private final JobLimits limits;
  private final LeaseKeeper leases;
  private final TikTokWebhooks webhooks;
  private final LoopRunner loops;
  private final PublisherConfig config;
  private final PublisherMetrics metrics;
  private final String consumer = "publisher-" + UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, Retry> retries = new ConcurrentHashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private Loop dispatcher;
  private List<Loop> housekeeping = List.of();
  private ExecutorService jobs;
  private Semaphore room;
  private volatile Instant readAgainAt = Instant.MIN;
  private volatile Duration outageBackoff;

  /** A failed entry waiting for its next try (it holds no slot meanwhile). */
  private record Retry(Delivery delivery, int failures, Instant dueAt) {}

  JobConsumer(StreamGroup group, JobStreams streams, JobProcessor processor, JobLimits limits, LeaseKeeper leases,
      TikTokWebhooks webhooks, LoopRunner loops, PublisherConfig config, PublisherMetrics metrics) {
    this.group = group;
    this.streams = streams;
    this.processor = processor;
    this.limits = limits;
    this.leases = leases;
    this.webhooks = webhooks;
    this.loops = loops;
    this.config = config;
    this.metrics = metrics;
  }

  void onStart(@Observes StartupEvent event) {
    if (config.enabled()) {
      start();
    }
  }

  /** Before the loop runner stops every loop: in-flight jobs get the grace period, with their leases renewed. */
  void onStop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
    stop(config.shutdownGrace());
  }

  public synchronized void start() {
    if (dispatcher != null) {
      return;
    }
    streams.upgradeKeys();
    Duration stuckAfter = config.liveness().stuckAfter();
    outageBackoff = config.failures().outageBackoff();
    room = new Semaphore(config.concurrency());
    jobs = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("publisher-job-", 0).factory());
    dispatcher = loops.start(CONSUMER_LOOP, stuckAfter, this::dispatch);
    housekeeping = List.of(
        loops.start(DELAYED_LOOP, stuckAfter, this::moveDue),
        loops.start(CLAIM_LOOP, max(stuckAfter, config.claim().interval().multipliedBy(2)), this::claimAbandoned),
        loops.every(LEASE_LOOP, config.lease().dividedBy(3), max(stuckAfter, config.lease()), leases::renewAll),
        loops.every(STATS_LOOP, config.statsInterval(), stuckAfter, this::sampleQueues),
        // A loop that rests between rounds is stuck only after twice its interval, whatever stuck-after says.
        loops.every(WEBHOOK_LOOP, WEBHOOK_INTERVAL, max(stuckAfter, WEBHOOK_INTERVAL.multipliedBy(2)),
            () -> webhooks.applyDeferred()));
    Log.infof("Publisher %s consuming, up to %d jobs at once", consumer, config.concurrency());
  }

  /** Stops reading, waits for in-flight jobs up to {@code grace}, then stops the housekeeping loops. */
  public synchronized void stop(Duration grace) {
    if (dispatcher == null) {
      return;
    }
    Instant deadline = Instant.now().plus(grace);
    dispatcher.requestStop();
    dispatcher.awaitStop(remaining(deadline));
    try {
      if (!room.tryAcquire(config.concurrency(), remaining(deadline).toMillis(), TimeUnit.MILLISECONDS)) {
        Log.warnf("%d jobs did not finish within the grace period; their entries stay pending for another worker",
            config.concurrency() - room.availablePermits());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    housekeeping.forEach(Loop::requestStop);
    housekeeping.forEach(loop -> loop.awaitStop(remaining(deadline)));
    jobs.shutdown();
    housekeeping = List.of();
    retries.clear();
    dispatcher = null;
    Log.infof("Publisher %s stopped", consumer);
  }

  public synchronized boolean isRunning() {
    return dispatcher != null;
  }

  /** One round: tries due failed entries again, then reads as many new entries as there is room for. */
  private Duration dispatch() throws InterruptedException {
    for (Retry retry : retries.values()) {
      if (!retry.dueAt().isAfter(Instant.now()) && retries.remove(retry.delivery().entryId(), retry)) {
        submit(retry.delivery(), retry.failures(), false);
      }
    }
    Duration pause = Duration.between(Instant.now(), readAgainAt);
    if (!pause.isNegative()) {
      return pause.compareTo(config.pollBlock()) < 0 ? pause : config.pollBlock();
    }
    if (!room.tryAcquire(config.pollBlock().toMillis(), TimeUnit.MILLISECONDS)) {
      return Duration.ZERO;
    }
    int free = room.availablePermits() + 1;
    room.release();
    List<Delivery> read = group.readNew(consumer, free, config.pollBlock());
    boolean markersRenewed = processor.takeUp(read);
    for (Delivery delivery : read) {
      submit(delivery, 0, markersRenewed);
    }
    return Duration.ZERO;
  }

  private void submit(Delivery delivery, int failuresSoFar, boolean markerRenewed) throws InterruptedException {
    room.acquire();
    running.add(delivery.entryId());
    jobs.submit(() -> {
      try {
        Handling handling = processor.process(delivery, markerRenewed);
        switch (handling) {
          case DONE -> outageBackoff = config.failures().outageBackoff();
          case RETRY -> tryAgainLater(delivery, failuresSoFar + 1);
          case OUTAGE -> {
            readAgainAt = Instant.now().plus(outageBackoff);
            tryAgainLater(delivery, failuresSoFar + 1);
            outageBackoff = min(outageBackoff.multipliedBy(2), MAX_BACKOFF);
          }
        }
      } catch (RuntimeException e) {
        Log.errorf(e, "Job entry %s escaped its handler", delivery.entryId());
        tryAgainLater(delivery, failuresSoFar + 1);
      } finally {
        running.remove(delivery.entryId());
        room.release();
      }
    });
  }

  private void tryAgainLater(Delivery delivery, int failures) {
    Duration wait = min(config.failures().outageBackoff().multipliedBy(1L << Math.min(failures, 10)), MAX_BACKOFF);
    retries.put(delivery.entryId(), new Retry(delivery, failures, Instant.now().plus(wait)));
  }

  private Duration moveDue() {
    int moved = streams.moveDue(Instant.now());
    return moved >= config.delayed().batchSize() ? Duration.ZERO : config.delayed().interval();
  }

  private Duration claimAbandoned() throws InterruptedException {
    for (Delivery delivery : group.claimIdle(consumer, config.claim().minIdle(), 10)) {
      if (delivery.deliveries() > config.claim().maxDeliveries()) {
        Log.warnf("Job %s on %s was delivered %d times; dead-lettering it", delivery.entryId(), delivery.stream(),
            delivery.deliveries());
        processor.deadLetter(delivery, "delivered " + delivery.deliveries() + " times without being acknowledged");
      } else if (!retries.containsKey(delivery.entryId()) && !running.contains(delivery.entryId())) {
        Log.infof("Claimed abandoned job %s on %s (delivery %d)", delivery.entryId(), delivery.stream(),
            delivery.deliveries());
        submit(delivery, 0, false);
      }
    }
    return config.claim().interval();
  }

  private void sampleQueues() {
    var stats = new LinkedHashMap<String, GroupStats>();
    for (String stream : group.streams()) {
      stats.put(stream, group.stats(stream));
    }
    metrics.recordQueues(stats, streams.delayedCount(), streams.deadCount());
    limits.sweep();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) > 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  private static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ofMillis(1) : left;
  }
}
