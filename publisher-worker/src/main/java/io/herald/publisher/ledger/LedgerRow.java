package io.herald.publisher.ledger;

import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultOutcome;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Formula;
import org.hibernate.annotations.Immutable;

/**
 * One target's row of {@code publish_ledger}, read as a {@link LedgerEntry} (same field names). Immutable for
 * Hibernate: rows move only through {@link Ledger}'s conditional statements (on the allowed from-states and the
 * lease), never by dirty checking.
 */
@Entity
@Table(name = "publish_ledger")
@Immutable
public class LedgerRow {
  @Id
  public UUID targetId;
  public UUID tenantId;
  @Enumerated(EnumType.STRING)
  public Platform platform;
  @Enumerated(EnumType.STRING)
  public LedgerState state;
  public int jobAttempt;
  public int tries;
  public int polls;
  public String objectId;
  public String publishId;
  public String externalId;
  public String externalUrl;
  public String errorCode;
  public String errorMessage;
  @Enumerated(EnumType.STRING)
  public ResultOutcome finalOutcome;
  public String accountRef;
  public String accountHandle;
  /** When the newest call that could make the post public started. */
  @Formula("(select max(a.started_at) from publish_attempt a where a.target_id = target_id)")
  public Instant lastSendStarted;
  public String step;
  public String commentState;
  public String commentId;
  public String commentError;
  public Instant commentStartedAt;
  public int commentTries;
}
