package io.herald.auth.social;

import io.herald.common.stream.Platform;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SocialAccountRepository implements PanacheRepositoryBase<SocialAccount, UUID> {

  public Optional<SocialAccount> findInTenant(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
  }

  public List<SocialAccount> listInTenant(UUID tenantId) {
    return list("tenantId = ?1 order by connectedAt, name", tenantId);
  }

  public Optional<SocialAccount> findByExternalId(UUID tenantId, Platform platform, String externalId) {
    return find("tenantId = ?1 and platform = ?2 and externalId = ?3", tenantId, platform, externalId)
        .firstResultOptional();
  }

  /** Active TikTok accounts whose access token is due for a refresh (its own transaction for the refresh loop). */
  @Transactional
  public List<UUID> dueForRefresh(Instant now, int limit) {
    return getEntityManager().createQuery("select a.id from SocialAccount a where a.status = :status"
            + " and a.platform = :platform and a.refreshDueAt <= :now order by a.refreshDueAt", UUID.class)
        .setParameter("status", SocialAccount.Status.ACTIVE).setParameter("platform", Platform.TIKTOK)
        .setParameter("now", now).setMaxResults(limit).getResultList();
  }

  /** Active Facebook Pages whose token check is due, soonest first (its own transaction, for the check loop). */
  @Transactional
  public List<UUID> dueForHealthCheck(Instant now, int limit) {
    return getEntityManager().createQuery("select a.id from SocialAccount a where a.status = :status"
            + " and a.platform = :platform and a.healthDueAt <= :now order by a.healthDueAt", UUID.class)
        .setParameter("status", SocialAccount.Status.ACTIVE).setParameter("platform", Platform.FACEBOOK)
        .setParameter("now", now).setMaxResults(limit).getResultList();
  }

  /**
   * Locks the account's row for this transaction. With {@code skipIfLocked}, answers false at once when another
   * transaction (this replica or another) holds it, instead of waiting.
   */
  public boolean lock(UUID id, boolean skipIfLocked) {
    String sql = "SELECT id FROM social_accounts WHERE id = ?1 FOR UPDATE" + (skipIfLocked ? " SKIP LOCKED" : "");
    return !getEntityManager().createNativeQuery(sql).setParameter(1, id).getResultList().isEmpty();
  }
}
