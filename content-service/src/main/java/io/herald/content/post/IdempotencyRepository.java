package io.herald.content.post;

import io.herald.common.db.Sql;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency records: (tenant, key) to request hash and the first response, committed with what the request wrote
 * (a post it created, or an edit or delete it asked for). A record is written whole (hash, status, response, post id)
 * by one statement ({@link PostRepository#insertNew} for creates, {@link #claim} for the other writes), so there is
 * no half-made record and no second statement to complete it. Creates, edits and deletes share one key space.
 */
@ApplicationScoped
public class IdempotencyRepository implements PanacheRepositoryBase<IdempotencyKey, IdempotencyKey.Key> {
  /**
   * How a claim meets a key already held ({@code k} is the row there; the one parameter is the time before which a
   * record has expired): a live record keeps the key and the claim inserts nothing; an expired one is taken over. A
   * claim meeting another request's uncommitted claim waits until that one commits (lost) or rolls back (won).
   */
  static final String ON_KEY_HELD = """
      on conflict (tenant_id, key) do update
        set request_hash = excluded.request_hash, status = excluded.status, response = excluded.response,
            post_id = excluded.post_id, created_at = excluded.created_at
        where k.created_at < ?""";

  /** A key to claim with the answer it stands for (the whole record but tenant and time). */
  public record Claim(String key, String requestHash, int status, String response, UUID postId) {}

  private final Sql sql;

  IdempotencyRepository(Sql sql) {
    this.sql = sql;
  }

  public Optional<IdempotencyKey> find(UUID tenantId, String key, Instant notBefore) {
    return find("tenantId = ?1 and idempotencyKey = ?2 and createdAt >= ?3", tenantId, key, notBefore)
        .firstResultOptional();
  }

  /** The live records of some keys of the tenant. */
  public List<IdempotencyKey> findAll(UUID tenantId, Collection<String> keys, Instant notBefore) {
    return keys.isEmpty() ? List.of()
        : list("tenantId = ?1 and idempotencyKey in ?2 and createdAt >= ?3", tenantId, keys, notBefore);
  }

  /**
   * Claims one key with its answer, in the caller's transaction (an edit or delete of a published target): true when
   * the record is this answer now, false when a live record holds the key ({@link #ON_KEY_HELD}).
   */
  public boolean claim(UUID tenantId, Claim claim, Instant now, Instant expiredBefore) {
    return sql.update("""
        insert into idempotency_keys as k (tenant_id, key, request_hash, status, response, post_id, created_at)
        values (?, ?, ?, ?, ?, ?, ?)
        """ + ON_KEY_HELD, tenantId, claim.key(), claim.requestHash(), claim.status(), claim.response(),
        claim.postId(), now, expiredBefore) == 1;
  }

  public long purgeBefore(Instant cutoff) {
    return delete("createdAt < ?1", cutoff);
  }
}
