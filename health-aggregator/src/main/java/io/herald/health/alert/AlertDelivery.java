package io.herald.health.alert;

import io.herald.health.incident.Incident;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One notification of one state change to one webhook, with its attempts. The webhook URL may be a secret (Slack),
 * so only its fingerprint ({@code webhookId}) and host are stored; the URL comes from config at send time.
 */
@Entity
@Table(name = "alert_delivery")
public class AlertDelivery {
  /** DOWN: an incident started; RECOVERED: it ended. */
  public enum Event { DOWN, RECOVERED }

  /** PENDING until delivered, or FAILED (given up after the configured attempts). */
  public enum Status { PENDING, DELIVERED, FAILED }

  @Id
  public UUID id;
  public UUID incidentId;
  public String service;
  @Enumerated(EnumType.STRING)
  public Event event;
  public String webhookId;
  @Enumerated(EnumType.STRING)
  public Webhook.Format webhookFormat;
  public String webhookHost;
  @JdbcTypeCode(SqlTypes.JSON)
  public String body;
  @Enumerated(EnumType.STRING)
  public Status status;
  public int attempts;
  /** The HTTP status of the last attempt, null if none answered. */
  public Integer lastStatusCode;
  /** Why the last attempt failed. */
  public String lastError;
  public Instant createdAt;
  public Instant nextAttemptAt;
  public Instant deliveredAt;

  static AlertDelivery pending(Incident incident, Event event, Webhook webhook, String body, Instant now) {
    var delivery = new AlertDelivery();
    delivery.id = UUID.randomUUID();
    delivery.incidentId = incident.id;
    delivery.service = incident.service;
    delivery.event = event;
    delivery.webhookId = webhook.id();
    delivery.webhookFormat = webhook.format();
    delivery.webhookHost = webhook.host();
    delivery.body = body;
    delivery.status = Status.PENDING;
    delivery.createdAt = now;
    delivery.nextAttemptAt = now;
    return delivery;
  }
}
