package io.herald.common.loop;

import io.herald.common.health.Heartbeats;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a service's background loops (schedulers, relays, consumers, pollers, dispatchers), each on a thread of its
 * own: a round, a heartbeat ({@link Heartbeats}: also after a failed round, so liveness tells a stuck loop from a
 * missing dependency), then the wait the round asked for. A failed round is logged once per failure streak and
 * followed by a backoff (200 ms doubling to 5 s). Loops stop at shutdown, after their current round.
 *
 * <p>Why not {@code @Scheduled}: the Quarkus scheduler does not go below one second, cannot let a round choose its
 * next wait (a busy relay loops at once, an idle one waits), and knows nothing of heartbeats.
 */
@ApplicationScoped
public class LoopRunner {
  private static final Backoff FAILURE_BACKOFF = Backoff.doubling(Duration.ofMillis(200), Duration.ofSeconds(5));

  /** One round of a loop; answers how long to wait before the next one ({@link Duration#ZERO}: at once). */
  @FunctionalInterface
  public interface Round {
    Duration run() throws Exception;
  }

  private final Heartbeats heartbeats;
  private final List<Loop> loops = new CopyOnWriteArrayList<>();
  private boolean started;

  LoopRunner(Heartbeats heartbeats) {
    this.heartbeats = heartbeats;
  }

  /** Starts a loop whose rounds are {@code pause} apart. */
  public Loop every(String name, Duration pause, Duration stuckAfter, Runnable round) {
    return start(name, stuckAfter, () -> {
      round.run();
      return pause;
    });
  }

  /**
   * Starts a loop; liveness turns DOWN when it has not finished a round for {@code stuckAfter}. A loop asked for
   * while the application starts begins turning once every start-up observer has run (so its first round never
   * races an extension still starting its clients).
   */
  public synchronized Loop start(String name, Duration stuckAfter, Round round) {
    var loop = new Loop(name, round, stuckAfter);
    loops.add(loop);
    if (started) {
      loop.start();
    }
    return loop;
  }

  synchronized void onStarted(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
    started = true;
    loops.forEach(Loop::start);
  }

  void onStop(@Observes ShutdownEvent event) {
    loops.forEach(Loop::requestStop);
    for (Loop loop : loops) {
      loop.awaitStop(Duration.ofSeconds(5));
    }
    loops.clear();
  }

  /** A running loop. */
  public final class Loop {
    private final String name;
    private final Round round;
    private final Duration stuckAfter;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    private Loop(String name, Round round, Duration stuckAfter) {
      this.name = name;
      this.round = round;
      this.stuckAfter = stuckAfter;
      this.thread = Thread.ofPlatform().name("herald-" + name).daemon().unstarted(this::loop);
    }

    public String name() {
      return name;
    }

    private void start() {
      heartbeats.register(name, stuckAfter);
      thread.start();
    }

    /** Asks the loop to stop after its current round. */
    public void requestStop() {
      running = false;
      stopRequested.countDown();
    }

    /**
     * Waits up to {@code grace} for the current round to end; answers whether it did. A round still running is not
     * interrupted (interrupting blocking clients mid-call corrupts their pools): it ends on its own thread.
     */
    public boolean awaitStop(Duration grace) {
      try {
        thread.join(Math.max(1, grace.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      heartbeats.remove(name);
      loops.remove(this);
      return !thread.isAlive();
    }

    private void loop() {
      int failures = 0;
      while (running) {
        Duration wait;
        try {
          wait = round.run();
          if (failures > 0) {
            Log.infof("%s: working again after %d failed rounds", name, failures);
          }
          failures = 0;
        } catch (Exception e) {
          if (!running) {
            break;
          }
          if (failures++ == 0) {
            Log.warnf("%s: round failed: %s", name, e.toString());
          } else {
            Log.debugf("%s: round failed again: %s", name, e.toString());
          }
          wait = FAILURE_BACKOFF.delay(failures);
        }
        heartbeats.beat(name);
        if (!wait.isZero() && !wait.isNegative()) {
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
}
