package io.herald.auth.tenant;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<Tenant, UUID> {

  /** Locks the tenant row, serialising changes that must see a consistent set of its users (the last OWNER rule). */
  public Tenant lock(UUID id) {
    return findById(id, LockModeType.PESSIMISTIC_WRITE);
  }
}
