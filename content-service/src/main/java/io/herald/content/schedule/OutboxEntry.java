package io.herald.content.schedule;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One job waiting to be XADDed (row of {@code outbox}): its stream and its fields, stream contract v1. Ids are taken
 * from {@code content_outbox_ids} in blocks of {@link #ID_BLOCK} (migration V4), so the rows of one transaction are
 * inserted as one JDBC batch.
 */
@Entity
@Table(name = "outbox")
public class OutboxEntry {
  static final int ID_BLOCK = 200;

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_ids")
  @SequenceGenerator(name = "outbox_ids", sequenceName = "content_outbox_ids", allocationSize = ID_BLOCK)
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
