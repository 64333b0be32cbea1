package io.herald.content.schedule;

import io.herald.content.config.ContentConfig;
import io.herald.common.health.Heartbeats;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the background loops (scheduler, relay, results consumer, reconciler, webhook sender), each on its own thread
 * with a fixed pause between rounds (the Quarkus scheduler does not go below one second). A failed round is logged;
 * every round ends with a heartbeat, so a loop that hangs shows up in liveness. Replicas configured with
 * {@code herald.content.scheduler.enabled=false} run none.
 */
@ApplicationScoped
public class LoopRunner {
  private final ContentConfig config;
  private final Heartbeats heartbeats;
  private final List<ScheduledExecutorService> executors = new CopyOnWriteArrayList<>();

  LoopRunner(ContentConfig config, Heartbeats heartbeats) {
    this.config = config;
    this.heartbeats = heartbeats;
  }

  public void start(String loop, Duration pause, Runnable work) {
    if (!config.scheduler().enabled()) {
      return;
    }
    heartbeats.register(loop, config.livenessBound());
    var executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("herald-" + loop).factory());
    executors.add(executor);
    executor.scheduleWithFixedDelay(() -> round(loop, work), pause.toMillis(), pause.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void round(String loop, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      Log.warnf("%s round failed: %s", loop, e.toString());
    } finally {
      heartbeats.beat(loop);
    }
  }

  @PreDestroy
  void stop() {
    executors.forEach(ScheduledExecutorService::shutdownNow);
  }
}
