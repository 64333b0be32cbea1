package io.herald.content.post;

import io.herald.common.db.Sql;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Idempotency records: (tenant, key) to request hash and the first response, committed with the post. */
@ApplicationScoped
public class IdempotencyRepository implements PanacheRepositoryBase<IdempotencyKey, IdempotencyKey.Key> {
  private final Sql sql;

  IdempotencyRepository(Sql sql) {
    this.sql = sql;
  }

  public Optional<IdempotencyKey> find(UUID tenantId, String key, Instant notBefore) {
    return find("tenantId = ?1 and idempotencyKey = ?2 and createdAt >= ?3", tenantId, key, notBefore)
        .firstResultOptional();
  }

  /**
   * Claims the key inside the caller's transaction. A concurrent claim of the same key waits on the primary key
   * until the first commits (then answers false: replay it) or rolls back (then answers true).
   */
  public boolean claim(UUID tenantId, String key, String requestHash, Instant now, Instant expiredBefore) {
    delete("tenantId = ?1 and idempotencyKey = ?2 and createdAt < ?3", tenantId, key, expiredBefore);
    // Plain SQL for "on conflict do nothing": the second of two concurrent claims waits for the first and then
    // learns it lost, without an error that would abort its transaction.
    return sql.update("insert into idempotency_keys (tenant_id, key, request_hash, created_at) values (?, ?, ?, ?) "
        + "on conflict do nothing", tenantId, key, requestHash, now) == 1;
  }

  /** Stores the first response of a claimed key. */
  public void complete(UUID tenantId, String key, int status, String response, UUID postId) {
    IdempotencyKey claimed = findById(new IdempotencyKey.Key(tenantId, key));
    claimed.status = status;
    claimed.response = response;
    claimed.postId = postId;
  }

  public long purgeBefore(Instant cutoff) {
    return delete("createdAt < ?1", cutoff);
  }
}
