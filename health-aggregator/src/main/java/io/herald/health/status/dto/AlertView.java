package io.herald.health.status.dto;

import io.herald.health.alert.AlertDelivery;
import java.time.Instant;
import java.util.UUID;

/** A recorded alert delivery; the webhook is shown by host only, as its URL may hold a secret. */
public record AlertView(
    UUID id, UUID incidentId, String service, String event, String webhookHost, String format, String status,
    int attempts, Integer lastStatusCode, String lastError, Instant createdAt, Instant nextAttemptAt,
    Instant deliveredAt) {

  public static AlertView of(AlertDelivery d) {
    return new AlertView(
        d.id, d.incidentId, d.service, d.event.name(), d.webhookHost, d.webhookFormat.name(), d.status.name(),
        d.attempts, d.lastStatusCode, d.lastError, d.createdAt,
        d.status == AlertDelivery.Status.PENDING ? d.nextAttemptAt : null, d.deliveredAt);
  }
}
