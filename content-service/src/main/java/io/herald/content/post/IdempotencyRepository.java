package io.herald.content.post;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency records: (tenant, key) to request hash and the first response, committed with the post it created. A
 * record is written whole (hash, status, response, post id) by the statement that writes the post
 * ({@link PostRepository#insertNew}), so there is no half-made record and no second statement to complete it.
 */
@ApplicationScoped
public class IdempotencyRepository implements PanacheRepositoryBase<IdempotencyKey, IdempotencyKey.Key> {
  /** A key to claim with the answer it stands for (the whole record but tenant and time). */
  public record Claim(String key, String requestHash, int status, String response, UUID postId) {}

  public Optional<IdempotencyKey> find(UUID tenantId, String key, Instant notBefore) {
    return find("tenantId = ?1 and idempotencyKey = ?2 and createdAt >= ?3", tenantId, key, notBefore)
        .firstResultOptional();
  }

  /** The live records of some keys of the tenant. */
  public List<IdempotencyKey> findAll(UUID tenantId, Collection<String> keys, Instant notBefore) {
    return keys.isEmpty() ? List.of()
        : list("tenantId = ?1 and idempotencyKey in ?2 and createdAt >= ?3", tenantId, keys, notBefore);
  }

  public long purgeBefore(Instant cutoff) {
    return delete("createdAt < ?1", cutoff);
  }
}
