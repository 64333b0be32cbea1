package io.herald.publisher.queue;

import io.herald.common.health.Heartbeats;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A background loop on its own thread: runs its step, reports a heartbeat each round (also when the step fails,
 * e.g. while Redis is away, so liveness tells a stuck loop from a missing dependency), and stops on request.
 */
final class WorkerLoop {
  interface Step {
    /** One round; returns how long to wait before the next one. */
    Duration run() throws Exception;
  }

  private final String name;
  private final Step step;
  private final Heartbeats heartbeats;
  private final Duration stuckAfter;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  WorkerLoop(String name, Step step, Heartbeats heartbeats, Duration stuckAfter) {
    this.name = name;
    this.step = step;
    this.heartbeats = heartbeats;
    this.stuckAfter = stuckAfter;
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::loop);
  }

  void start() {
    heartbeats.register(name, stuckAfter);
    thread.start();
  }

  /** Asks the loop to stop after its current round. */
  void requestStop() {
    running = false;
    stopRequested.countDown();
  }

  /**
   * Waits up to {@code grace} for the current round to finish. A round still running afterwards is not interrupted
   * (interrupting blocking clients mid-call corrupts their pools): it finishes on its own thread, or, if the process
   * exits first, its entry stays pending and another worker claims it.
   */
  boolean awaitStop(Duration grace) throws InterruptedException {
    thread.join(Math.max(1, grace.toMillis()));
    heartbeats.remove(name);
    return !thread.isAlive();
  }

  private void loop() {
    Duration failureWait = Duration.ofMillis(200);
    while (running) {
      heartbeats.beat(name);
      Duration wait;
      try {
        wait = step.run();
        failureWait = Duration.ofMillis(200);
      } catch (Exception e) {
        if (!running) {
          break;
        }
        Log.warnf("%s: %s", name, e.getMessage());
        wait = failureWait;
        failureWait = failureWait.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
            ? Duration.ofSeconds(5) : failureWait.multipliedBy(2);
      }
      if (!wait.isZero()) {
        try {
          stopRequested.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
