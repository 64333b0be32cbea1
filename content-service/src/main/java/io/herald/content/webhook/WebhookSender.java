package io.herald.content.webhook;

import io.herald.common.delivery.DeliveryClient;
import io.herald.common.delivery.DeliveryDispatcher;
import io.herald.common.delivery.OutboundAddresses;
import io.herald.common.delivery.RetryPolicy;
import io.herald.common.loop.Backoff;
import io.herald.content.config.ContentConfig;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/**
 * Delivers pending webhook events with common's delivery kit: every ~500 ms it leases what is due, POSTs each (signed,
 * see {@link WebhookDeliveries#request}) within {@code request-timeout}, and on anything but a 2xx retries with the
 * backoff from {@code initial-backoff} doubling up to {@code max-backoff}, until {@code give-up-after} since the
 * event. A delivery stays leased for three request timeouts, longer than a round can take (all deliveries of a round
 * are sent at once, each within one timeout), so replicas never send one concurrently. Each endpoint's address is
 * resolved and checked when it is sent to ({@link OutboundAddresses}): a tenant's URL never reaches Herald's own
 * network.
 */
@ApplicationScoped
public class WebhookSender {
  static final int BATCH = 20;
  static final Duration PAUSE = Duration.ofMillis(500);

  private final DeliveryClient client;
  private final DeliveryDispatcher<WebhookDeliveries.Due> dispatcher;

  WebhookSender(WebhookDeliveries deliveries, Vertx vertx, ContentConfig config, OutboundAddresses addresses) {
    ContentConfig.Webhooks webhooks = config.webhooks();
    this.client = new DeliveryClient(vertx, webhooks.requestTimeout(), addresses);
    this.dispatcher = new DeliveryDispatcher<>(deliveries, client,
        retryPolicy(webhooks.initialBackoff(), webhooks.maxBackoff(), webhooks.giveUpAfter()),
        webhooks.requestTimeout().multipliedBy(3), BATCH, Clock.systemUTC());
  }

  /** When a failed delivery is tried again: doubling from {@code initial} up to {@code max}, until giveUpAfter. */
  static RetryPolicy retryPolicy(Duration initial, Duration max, Duration giveUpAfter) {
    return new RetryPolicy(Backoff.doubling(initial, max), Integer.MAX_VALUE, giveUpAfter);
  }

  /** One round of the loop; answers the wait before the next, none while a full batch was due. */
  public Duration round() {
    return dispatcher.deliverDue() == BATCH ? Duration.ZERO : PAUSE;
  }

  @PreDestroy
  void close() {
    client.close();
  }
}
