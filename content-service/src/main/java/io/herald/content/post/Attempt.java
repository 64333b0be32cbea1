package io.herald.content.post;

import io.herald.common.stream.JobOperation;
import io.herald.common.stream.ResultOutcome;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One outcome reported for a target (row of {@code attempts}), applied or not; {@code resolvedBy} is the user who
 * stated it, null for a worker's result. Written by {@link AttemptRepository#record}.
 */
@Entity
@Table(name = "attempts")
public class Attempt {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;
  public UUID tenantId;
  public UUID postId;
  public UUID targetId;
  public int attempt;
  @Enumerated(EnumType.STRING)
  public ResultOutcome outcome;
  public String externalId;
  public String externalUrl;
  public String errorCode;
  public String errorMessage;
  public Instant at;
  public boolean applied;
  public Instant recordedAt;
  public String resolvedBy;
  /** EDIT or DELETE for the result of an edit or delete of the published post; null for the publish. */
  @Enumerated(EnumType.STRING)
  public JobOperation.Kind operation;
  public UUID operationId;
}
