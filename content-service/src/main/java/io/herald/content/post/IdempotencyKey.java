package io.herald.content.post;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * A remembered {@code Idempotency-Key} (row of {@code idempotency_keys}): the request's hash and the first response,
 * committed with the post. {@code response} is null only inside the transaction that is creating it.
 */
@Entity
@Table(name = "idempotency_keys")
@IdClass(IdempotencyKey.Key.class)
public class IdempotencyKey {
  @Id
  public UUID tenantId;
  @Id
  @Column(name = "key")
  public String idempotencyKey;
  public String requestHash;
  public Integer status;
  public String response;
  public UUID postId;
  public Instant createdAt;

  /** The primary key: keys are per tenant. */
  public record Key(UUID tenantId, String idempotencyKey) implements Serializable {}
}
