package io.herald.auth.audit;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Something security-relevant that happened; tenant-less for failed logins of unknown emails. */
@Entity
@Table(name = "audit_events")
public class AuditEvent {
  @Id
  public UUID id;
  public UUID tenantId;
  public Instant occurredAt;
  public String type;
  public String actor;
  public String target;
  public String detail;
  public String clientAddress;
}
