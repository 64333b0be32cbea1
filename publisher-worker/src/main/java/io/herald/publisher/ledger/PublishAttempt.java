package io.herald.publisher.ledger;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One call that could make a target's post public ({@code publish_attempt}), recorded with the move to SENDING;
 * reconciliation looks for the post from {@link #startedAt} on. The move that ends the send closes it.
 */
@Entity
@Table(name = "publish_attempt")
public class PublishAttempt {
  @Id
  public UUID id;
  public UUID targetId;
  public UUID tenantId;
  public int jobAttempt;
  public Instant startedAt;
  public Instant finishedAt;
  public String outcome;
  public String errorCode;
  public String errorMessage;

  protected PublishAttempt() {}

  PublishAttempt(UUID targetId, UUID tenantId, int jobAttempt) {
    this.id = UUID.randomUUID();
    this.targetId = targetId;
    this.tenantId = tenantId;
    this.jobAttempt = jobAttempt;
    this.startedAt = Instant.now();
  }
}
