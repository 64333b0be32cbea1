package io.herald.auth.client;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ApiClientRepository implements PanacheRepositoryBase<ApiClient, UUID> {

  public Optional<ApiClient> findByClientId(String clientId) {
    return find("clientId", clientId).firstResultOptional();
  }

  public Optional<ApiClient> findInTenant(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
  }

  public List<ApiClient> listInTenant(UUID tenantId) {
    return list("tenantId = ?1 order by createdAt", tenantId);
  }
}
