package io.herald.content.post;

import io.herald.content.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Idempotency records: (tenant, key) -> request hash and the first response, committed with the post. */
@ApplicationScoped
public class IdempotencyStore {
  private final Sql sql;

  IdempotencyStore(Sql sql) {
    this.sql = sql;
  }

  /** A remembered request; {@code response} is null only inside the transaction that is creating it. */
  public record Record(String requestHash, Integer status, String response, UUID postId) {}

  public Optional<Record> find(UUID tenantId, String key, Instant notBefore) {
    return sql.one("select request_hash, status, response, post_id from idempotency_keys "
            + "where tenant_id = ? and key = ? and created_at >= ?",
        rs -> new Record(rs.getString("request_hash"), (Integer) rs.getObject("status"), rs.getString("response"),
            Sql.uuid(rs, "post_id")),
        tenantId, key, notBefore);
  }

  /**
   * Claims the key inside the caller's transaction. A concurrent claim of the same key waits on the unique index
   * until the first commits (then answers false: replay it) or rolls back (then answers true).
   */
  public boolean claim(UUID tenantId, String key, String requestHash, Instant now, Instant expiredBefore) {
    sql.update("delete from idempotency_keys where tenant_id = ? and key = ? and created_at < ?", tenantId, key, expiredBefore);
    return sql.update("insert into idempotency_keys (tenant_id, key, request_hash, created_at) values (?, ?, ?, ?) "
        + "on conflict do nothing", tenantId, key, requestHash, now) == 1;
  }

  public void complete(UUID tenantId, String key, int status, String response, UUID postId) {
    sql.update("update idempotency_keys set status = ?, response = ?, post_id = ? where tenant_id = ? and key = ?",
        status, response, postId, tenantId, key);
  }

  public int purgeBefore(Instant cutoff) {
    return sql.update("delete from idempotency_keys where created_at < ?", cutoff);
  }
}
