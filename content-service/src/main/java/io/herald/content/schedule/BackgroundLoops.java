package io.herald.content.schedule;

import io.herald.common.loop.LoopRunner;
import io.herald.common.stream.StreamKeysUpgrade;
import io.herald.content.config.ContentConfig;
import io.herald.content.result.ResultConsumer;
import io.herald.content.webhook.AccountEventsConsumer;
import io.herald.content.webhook.WebhookSender;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Starts content-service's background loops on common's {@link LoopRunner}: scheduler, outbox relay, results
 * consumer, reconciler, webhook sender and account webhooks ({@code herald:accounts} in a group), each on its own
 * thread, watched by liveness ({@code liveness-bound}).
 * A replica with {@code herald.content.scheduler.enabled=false} runs none of them (it only serves the API). Before
 * the first round, jobs an older Herald left under the untagged Redis keys are moved ({@link StreamKeysUpgrade}).
 */
@ApplicationScoped
public class BackgroundLoops {

  /**
   * Runs after every other start-up observer (lowest priority): a loop's first round starts at once, and must not
   * race the extensions still creating their clients (the Redis data sources are made by a start-up observer).
   */
  void onStart(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event, ContentConfig config, LoopRunner loops,
      DueTargetScheduler scheduler, OutboxRelay relay, ResultConsumer results, Reconciler reconciler,
      WebhookSender webhooks, AccountEventsConsumer accountEvents, RedisDataSource redis) {
    if (!config.scheduler().enabled()) {
      Log.info("herald.content.scheduler.enabled=false: this replica runs no background loops");
      return;
    }
    StreamKeysUpgrade.runAtStart(redis);
    Duration bound = config.livenessBound();
    loops.start("scheduler", bound, scheduler::round);
    loops.start("outbox-relay", bound, relay::round);
    loops.start("results-consumer", bound, results::round);
    loops.every("reconciler", config.reconcileEvery(), bound, reconciler::round);
    loops.start("webhook-sender", bound, webhooks::round);
    loops.start("account-webhooks", bound, accountEvents::round);
  }
}
