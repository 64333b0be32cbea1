package io.herald.simulator.tiktok;

import io.herald.common.health.Heartbeats;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Lets publishes finish on their own, as TikTok's do: every 200 ms each publish still in progress is looked at, so
 * one whose processing time has elapsed (or whose upload URL expired) reaches its final status and its webhooks go
 * out although nobody polls status/fetch. Polling still finishes a publish sooner (after N fetches).
 */
@ApplicationScoped
public class TikTokPublishTicker {
  static final String LOOP = "tiktok-publish-ticker";
  private static final Duration EVERY = Duration.ofMillis(200);

  private final TikTokStore store;
  private final TikTokWebhooks webhooks;
  private final Heartbeats heartbeats;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("sim-" + LOOP).factory());

  TikTokPublishTicker(TikTokStore store, TikTokWebhooks webhooks, Heartbeats heartbeats) {
    this.store = store;
    this.webhooks = webhooks;
    this.heartbeats = heartbeats;
  }

  void onStart(@Observes StartupEvent event) {
    heartbeats.register(LOOP, Duration.ofSeconds(30));
    executor.scheduleWithFixedDelay(this::tick, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  void tick() {
    try {
      for (TikTokPublish publish : store.unfinished()) {
        publish.finish().ifPresent(status -> {
          store.finished(publish);
          webhooks.publishFinished(publish, status);
        });
      }
    } catch (RuntimeException e) {
      Log.warnf("TikTok publish ticker round failed: %s", e.toString());
    } finally {
      heartbeats.beat(LOOP);
    }
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }
}
