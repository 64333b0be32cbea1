package io.herald.health.alert;

import java.time.Instant;
import java.util.UUID;

/**
 * One notification of one state change to one webhook, as recorded.
 *
 * @param event          DOWN (an incident started) or RECOVERED (it ended)
 * @param webhookId      fingerprint of the webhook URL
 * @param webhookHost    the host it was sent to
 * @param status         PENDING, DELIVERED or FAILED (gave up after the configured attempts)
 * @param lastStatusCode the HTTP status of the last attempt, null if none answered
 * @param lastError      why the last attempt failed
 */
public record Delivery(
    UUID id, UUID incidentId, String service, String event, String webhookId, String webhookFormat, String webhookHost,
    String body, String status, int attempts, Integer lastStatusCode, String lastError, Instant createdAt,
    Instant nextAttemptAt, Instant deliveredAt) {}
