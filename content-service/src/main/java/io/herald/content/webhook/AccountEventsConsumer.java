package io.herald.content.webhook;

import io.herald.common.stream.AccountEvent;
import io.herald.common.stream.Delivery;
import io.herald.common.stream.MalformedMessageException;
import io.herald.common.stream.StreamGroup;
import io.herald.common.stream.StreamKeys;
import io.herald.content.config.ContentConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns auth-service's account events ({@link StreamKeys#ACCOUNTS}) into tenant webhooks ({@link AccountWebhooks}),
 * each event on one replica: the stream is read in group {@link StreamKeys#CONTENT_WEBHOOKS_GROUP} with common's
 * {@link StreamGroup} (a replica's cache invalidation reads it apart, as a broadcast). An entry is acknowledged after
 * its deliveries committed; one left pending by a replica that stopped is claimed after {@link #CLAIM_IDLE}, and its
 * second handling announces nothing ({@link AccountNotices}), so each event is announced at most once and, unless the
 * same change was announced already, exactly once. The group reads from where it stopped, so events written while
 * every replica was down are announced when one starts; events older than
 * {@code herald.content.webhooks.account-event-max-age} (the group's first read starts at the stream's beginning) are
 * acknowledged unannounced. An entry that breaks the contract is logged and acknowledged, as the followers skip it.
 */
@ApplicationScoped
public class AccountEventsConsumer {
  static final Duration CLAIM_IDLE = Duration.ofSeconds(30);
  /**
   * The wait after a round that found nothing. Not a blocking read: that would hold one of the Redis pool's
   * connections most of the time (the cache follower already does), for events that come a few times a day.
   */
  static final Duration PAUSE = Duration.ofSeconds(1);
  private static final int BATCH = 100;

  private final StreamGroup group;
  private final AccountWebhooks webhooks;
  private final Duration maxAge;
  private final String consumer = "content-" + UUID.randomUUID();
  private final Clock clock = Clock.systemUTC();

  AccountEventsConsumer(RedisDataSource redis, AccountWebhooks webhooks, ContentConfig config) {
    this.group = new StreamGroup(redis, StreamKeys.CONTENT_WEBHOOKS_GROUP, List.of(StreamKeys.ACCOUNTS),
        StreamKeys.ACCOUNTS_KEPT);
    this.webhooks = webhooks;
    this.maxAge = config.webhooks().accountEventMaxAge();
  }

  /** One round of the loop: abandoned entries, then new ones; answers the wait before the next round. */
  public Duration round() {
    var batch = new ArrayList<>(group.claimIdle(consumer, CLAIM_IDLE, BATCH));
    if (batch.size() < BATCH) {
      batch.addAll(group.readNew(consumer, BATCH - batch.size(), Duration.ZERO));
    }
    for (Delivery delivery : batch) {
      if (handle(delivery)) {
        group.ack(delivery);
      }
    }
    return batch.size() >= BATCH ? Duration.ZERO : PAUSE;
  }

  /** Handles one entry; answers whether it is done with (false: it stays pending and is claimed again). */
  private boolean handle(Delivery delivery) {
    AccountEvent change;
    try {
      change = AccountEvent.fromFields(delivery.fields());
    } catch (MalformedMessageException e) {
      Log.warnf("Account webhooks: entry %s breaks the contract (%s); skipped", delivery.entryId(), e.getMessage());
      return true;
    }
    if (change.at().isBefore(clock.instant().minus(maxAge))) {
      Log.debugf("Account webhooks: entry %s (%s) is older than %s; not announced", delivery.entryId(), change.at(),
          maxAge);
      return true;
    }
    try {
      webhooks.announce(change);
      return true;
    } catch (RuntimeException e) {
      Log.warnf("Account webhooks: entry %s (account %s %s) could not be recorded (%s); it stays pending",
          delivery.entryId(), change.accountId(), change.status(), e.toString());
      return false;
    }
  }
}
