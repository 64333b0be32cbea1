package io.herald.content.schedule;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One job waiting to be XADDed (row of {@code outbox}): its stream and its fields, stream contract v1. */
@Entity
@Table(name = "outbox")
public class OutboxEntry {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;
  public UUID tenantId;
  public UUID targetId;
  public int attempt;
  public String stream;
  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, String> fields;
  public Instant createdAt;
  /** When the relay handed it to Redis; null while it waits. */
  public Instant sentAt;
}
