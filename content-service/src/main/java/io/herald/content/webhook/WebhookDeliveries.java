package io.herald.content.webhook;

import io.herald.common.crypto.Secrets;
import io.herald.common.delivery.Attempt;
import io.herald.common.delivery.DeliveryStore;
import io.herald.common.delivery.OutgoingRequest;
import io.herald.content.metrics.ContentMetrics;
import io.herald.content.webhook.WebhookDelivery.Status;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Timeouts;
import org.hibernate.jpa.SpecHints;

/**
 * The webhook deliveries ({@code webhook_deliveries}) as common's {@link DeliveryStore}: what is due, the signed
 * request of each, and what became of each attempt. {@link WebhookSender} drives it.
 */
@ApplicationScoped
public class WebhookDeliveries implements PanacheRepositoryBase<WebhookDelivery, UUID>,
    DeliveryStore<WebhookDeliveries.Due> {

  /** A claimed delivery with what sending it needs (read in the claiming transaction). */
  public record Due(UUID id, String event, String payload, int attempts, Instant createdAt, UUID webhookId,
      String url, String sealedSecret) {}

  private final WebhookRepository webhooks;
  private final WebhookSecrets secrets;
  private final ContentMetrics metrics;
  private final Clock clock = Clock.systemUTC();

  WebhookDeliveries(WebhookRepository webhooks, WebhookSecrets secrets, ContentMetrics metrics) {
    this.webhooks = webhooks;
    this.secrets = secrets;
    this.metrics = metrics;
  }

  /** The last deliveries to a webhook, newest first. */
  public List<WebhookDelivery> latest(UUID tenantId, UUID webhookId, int limit) {
    return find("tenantId = ?1 and webhookId = ?2 order by createdAt desc", tenantId, webhookId).page(0, limit).list();
  }

  @Override
  @Transactional
  public List<Due> claimDue(Instant now, int limit, Instant leaseUntil) {
    List<WebhookDelivery> due = find("status = ?1 and nextAttemptAt <= ?2 order by nextAttemptAt", Status.PENDING, now)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI).page(0, limit).list();
    return due.stream().map(d -> {
      d.nextAttemptAt = leaseUntil;
      Webhook hook = webhooks.findById(d.webhookId);
      return new Due(d.id, d.event, d.payload, d.attempts, d.createdAt, hook.id, hook.url, hook.secretEnc);
    }).toList();
  }

  /** The POST of one delivery, signed now: {@code Herald-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">}. */
  @Override
  public OutgoingRequest request(Due delivery) {
    String secret = secrets.open(delivery.webhookId(), delivery.sealedSecret());
    return new OutgoingRequest(URI.create(delivery.url()), Map.of(
        "Content-Type", "application/json",
        "User-Agent", "Herald-Webhooks/1",
        "Herald-Event", delivery.event(),
        "Herald-Delivery", delivery.id().toString(),
        "Herald-Signature", signature(secret, clock.instant().getEpochSecond(), delivery.payload())),
        delivery.payload());
  }

  /** The {@code Herald-Signature} header of a body sent at {@code unixSeconds}. */
  static String signature(String secret, long unixSeconds, String body) {
    return "t=" + unixSeconds + ",v1=" + Secrets.hmacSha256Hex(secret, unixSeconds + "." + body);
  }

  @Override
  public int attemptsSoFar(Due delivery) {
    return delivery.attempts();
  }

  @Override
  public Instant createdAt(Due delivery) {
    return delivery.createdAt();
  }

  @Override
  @Transactional
  public void delivered(Due delivery, Attempt attempt, Instant at) {
    record(delivery, attempt, Status.DELIVERED, at, at);
    metrics.webhookDelivery(ContentMetrics.WebhookDelivery.DELIVERED);
  }

  @Override
  @Transactional
  public void retryAt(Due delivery, Attempt attempt, Instant next) {
    record(delivery, attempt, Status.PENDING, next, null);
    metrics.webhookDelivery(ContentMetrics.WebhookDelivery.RETRY_SCHEDULED);
    Log.infof("Webhook delivery %s (%s) attempt %d failed: %s; next attempt at %s", delivery.id(), delivery.event(),
        delivery.attempts() + 1, attempt.error(), next);
  }

  @Override
  @Transactional
  public void givenUp(Due delivery, Attempt attempt, Instant at) {
    record(delivery, attempt, Status.FAILED, at, null);
    metrics.webhookDelivery(ContentMetrics.WebhookDelivery.GIVEN_UP);
    Log.infof("Webhook delivery %s (%s) attempt %d failed: %s; giving up", delivery.id(), delivery.event(),
        delivery.attempts() + 1, attempt.error());
  }

  /** Writes one attempt's outcome on the delivery's row (still there unless its webhook was deleted meanwhile). */
  private void record(Due delivery, Attempt attempt, Status status, Instant nextAttemptAt, Instant deliveredAt) {
    findByIdOptional(delivery.id()).ifPresent(row -> {
      row.status = status;
      row.attempts = delivery.attempts() + 1;
      row.lastStatusCode = attempt.status();
      row.lastError = attempt.error();
      row.nextAttemptAt = nextAttemptAt;
      row.deliveredAt = deliveredAt;
    });
  }
}
