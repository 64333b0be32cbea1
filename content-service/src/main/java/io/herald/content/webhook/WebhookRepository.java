package io.herald.content.webhook;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where tenants' webhooks are stored; every query is scoped by tenant. */
@ApplicationScoped
public class WebhookRepository implements PanacheRepositoryBase<Webhook, UUID> {

  public List<Webhook> listInTenant(UUID tenantId) {
    return list("tenantId = ?1 order by createdAt", tenantId);
  }

  /**
   * Counts the tenant's webhooks under a transaction-scoped advisory lock on the tenant, so that two concurrent
   * registrations cannot both pass the per-tenant limit (the lock is released when the transaction ends).
   */
  public long countInTenantLocked(UUID tenantId) {
    getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 7))")
        .setParameter(1, "webhooks:" + tenantId).getSingleResult();
    return count("tenantId", tenantId);
  }

  public Optional<Webhook> findInTenant(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
  }

  /** Removes a webhook (its deliveries go with it); answers whether there was one. */
  public boolean deleteInTenant(UUID tenantId, UUID id) {
    return delete("tenantId = ?1 and id = ?2", tenantId, id) > 0;
  }
}
