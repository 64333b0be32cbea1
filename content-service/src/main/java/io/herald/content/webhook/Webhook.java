package io.herald.content.webhook;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's registered endpoint (row of {@code webhooks}). {@code events} is the sorted, comma-separated list of
 * event types it wants; {@code secretEnc} its signing secret, sealed by {@link WebhookSecrets}.
 */
@Entity
@Table(name = "webhooks")
public class Webhook {
  @Id
  public UUID id;
  public UUID tenantId;
  public String url;
  public String events;
  public String secretEnc;
  public Instant createdAt;

  public List<String> eventList() {
    return List.of(events.split(","));
  }
}
