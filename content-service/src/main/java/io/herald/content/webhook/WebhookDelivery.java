package io.herald.content.webhook;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One event to deliver to one webhook (row of {@code webhook_deliveries}), with its outcome so far. While PENDING,
 * {@code nextAttemptAt} is when it is due (pushed out while a replica has it leased).
 */
@Entity
@Table(name = "webhook_deliveries")
public class WebhookDelivery {
  /** PENDING until a 2xx (DELIVERED) or until it is given up (FAILED). */
  public enum Status { PENDING, DELIVERED, FAILED }

  @Id
  public UUID id;
  public UUID tenantId;
  public UUID webhookId;
  public String event;
  /** The JSON body, signed and sent as it is. */
  public String payload;
  @Enumerated(EnumType.STRING)
  public Status status;
  public int attempts;
  public Instant nextAttemptAt;
  public Integer lastStatusCode;
  public String lastError;
  public Instant createdAt;
  public Instant deliveredAt;
}
