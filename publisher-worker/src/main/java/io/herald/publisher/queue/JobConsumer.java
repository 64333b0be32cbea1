package io.herald.publisher.queue;

import io.herald.common.health.Heartbeats;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.ledger.LeaseKeeper;
import io.herald.publisher.metrics.PublisherMetrics;
import io.herald.publisher.queue.JobProcessor.Handling;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The worker's background loops. The dispatcher reads group {@code publishers} (high before normal before low) no
 * faster than it has room for: each job runs on its own virtual thread, at most {@code concurrency} at once, so one
 * slow upload never holds up the others and the dispatcher's heartbeat says the loop is alive, not that every job is
 * short. An entry that failed transiently is tried again with backoff; during an outage of Postgres or Redis the
 * dispatcher stops reading new entries. Next to it run the mover of due delayed jobs, the claimer of abandoned
 * entries, the lease keeper and the queue sampler. Shutdown stops reading first, then lets in-flight jobs finish
 * within the grace period; a job still running after it stays pending and is claimed by another worker.
 */
@ApplicationScoped
public class JobConsumer {
  public static final String CONSUMER_LOOP = "publisher-consumer";
  public static final String DELAYED_LOOP = "publisher-delayed-mover";
  public static final String CLAIM_LOOP = "publisher-claimer";
  public static final String LEASE_LOOP = "publisher-leases";
  public static final String STATS_LOOP = "publisher-queue-stats";
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final JobStreams streams;
  private final JobProcessor processor;
  private final LeaseKeeper leases;
  private final PublisherConfig config;
  private final Heartbeats heartbeats;
  private final PublisherMetrics metrics;
  private final String consumer = "publisher-" + UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, Retry> retries = new ConcurrentHashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final List<WorkerLoop> loops = new ArrayList<>();
  private WorkerLoop dispatcher;
  private ExecutorService jobs;
  private Semaphore room;
  private volatile boolean groupsReady;
  private volatile Instant readAgainAt = Instant.MIN;
  private volatile Duration outageBackoff;

  /** A failed entry waiting for its next try. */
  private record Retry(Delivery delivery, int failures, Instant dueAt) {}

  JobConsumer(JobStreams streams, JobProcessor processor, LeaseKeeper leases, PublisherConfig config,
      Heartbeats heartbeats, PublisherMetrics metrics) {
    this.streams = streams;
    this.processor = processor;
    this.leases = leases;
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
    if (dispatcher != null) {
      return;
    }
    Duration stuckAfter = config.liveness().stuckAfter();
    outageBackoff = config.failures().outageBackoff();
    room = new Semaphore(config.concurrency());
    jobs = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("publisher-job-", 0).factory());
    dispatcher = new WorkerLoop(CONSUMER_LOOP, this::dispatch, heartbeats, stuckAfter);
    loops.add(new WorkerLoop(DELAYED_LOOP, this::moveDue, heartbeats, stuckAfter));
    loops.add(new WorkerLoop(CLAIM_LOOP, this::claimAbandoned, heartbeats,
        max(stuckAfter, config.claim().interval().multipliedBy(2))));
    loops.add(new WorkerLoop(LEASE_LOOP, this::renewLeases, heartbeats, max(stuckAfter, config.lease())));
    loops.add(new WorkerLoop(STATS_LOOP, this::sampleQueues, heartbeats, stuckAfter));
    dispatcher.start();
    loops.forEach(WorkerLoop::start);
    Log.infof("Publisher %s consuming, up to %d jobs at once", consumer, config.concurrency());
  }

  /** Stops reading, waits for in-flight jobs up to {@code grace}, then stops the housekeeping loops. */
  public synchronized void stop(Duration grace) {
    if (dispatcher == null) {
      return;
    }
    Instant deadline = Instant.now().plus(grace);
    dispatcher.requestStop();
    try {
      dispatcher.awaitStop(remaining(deadline));
      if (!room.tryAcquire(config.concurrency(), remaining(deadline).toMillis(), TimeUnit.MILLISECONDS)) {
        Log.warnf("%d jobs did not finish within the grace period; their entries stay pending for another worker",
            config.concurrency() - room.availablePermits());
      }
      loops.forEach(WorkerLoop::requestStop);
      for (WorkerLoop loop : loops) {
        loop.awaitStop(remaining(deadline));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    jobs.shutdown();
    loops.clear();
    retries.clear();
    dispatcher = null;
    Log.infof("Publisher %s stopped", consumer);
  }

  public synchronized boolean isRunning() {
    return dispatcher != null;
  }

  /** Jobs running now. */
  public int inFlight() {
    return room == null ? 0 : config.concurrency() - room.availablePermits();
  }

  /** One round: tries due failed entries again, then reads as many new entries as there is room for. */
  private Duration dispatch() throws InterruptedException {
    for (Retry retry : retries.values()) {
      if (!retry.dueAt().isAfter(Instant.now()) && retries.remove(retry.delivery().entryId(), retry)) {
        submit(retry.delivery(), retry.failures());
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
    List<Delivery> batch;
    try {
      ensureGroups();
      batch = streams.readNext(consumer, free, config.pollBlock());
    } catch (RuntimeException e) {
      if (String.valueOf(e.getMessage()).contains("NOGROUP")) {
        groupsReady = false;
      }
      throw e;
    }
    for (Delivery delivery : batch) {
      submit(delivery, 0);
    }
    return Duration.ZERO;
  }

  private void submit(Delivery delivery, int failuresSoFar) throws InterruptedException {
    room.acquire();
    running.add(delivery.entryId());
    jobs.submit(() -> {
      try {
        Handling handling = processor.process(delivery);
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
    ensureGroups();
    for (String stream : JobStreams.JOB_STREAMS) {
      for (Delivery delivery : streams.claimAbandoned(stream, consumer, config.claim().minIdle(), 10)) {
        if (delivery.deliveries() > config.claim().maxDeliveries()) {
          Log.warnf("Job %s on %s was delivered %d times; dead-lettering it", delivery.entryId(), stream,
              delivery.deliveries());
          processor.deadLetter(delivery, "delivered " + delivery.deliveries() + " times without being acknowledged");
        } else if (!retries.containsKey(delivery.entryId()) && !running.contains(delivery.entryId())) {
          Log.infof("Claimed abandoned job %s on %s (delivery %d)", delivery.entryId(), stream, delivery.deliveries());
          submit(delivery, 0);
        }
      }
    }
    return config.claim().interval();
  }

  private Duration renewLeases() {
    leases.renewAll();
    return config.lease().dividedBy(3);
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
