package io.herald.auth.audit;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Writes audit events (in the caller's transaction, so an event commits with what it describes) and reads them. */
@ApplicationScoped
public class AuditLog implements PanacheRepositoryBase<AuditEvent, UUID> {

  @Transactional
  public void record(AuditType type, UUID tenantId, String actor, String target, String detail) {
    recordFrom(type, tenantId, actor, target, detail, null);
  }

  @Transactional
  public void recordFrom(AuditType type, UUID tenantId, String actor, String target, String detail, String address) {
    var event = new AuditEvent();
    event.id = UUID.randomUUID();
    event.tenantId = tenantId;
    event.occurredAt = Instant.now();
    event.type = type.name();
    event.actor = truncate(actor, 100);
    event.target = truncate(target, 200);
    event.detail = truncate(detail, 1000);
    event.clientAddress = truncate(address, 64);
    persist(event);
  }

  public List<AuditEvent> latest(UUID tenantId, String type, int limit) {
    if (type == null) {
      return find("tenantId = ?1 order by occurredAt desc, id", tenantId).page(0, limit).list();
    }
    return find("tenantId = ?1 and type = ?2 order by occurredAt desc, id", tenantId, type).page(0, limit).list();
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
