package io.herald.content.post;

import io.herald.common.db.Sql;
import io.herald.common.stream.ResultMessage;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The attempt history of targets: every result received, in arrival order. */
@ApplicationScoped
public class AttemptRepository implements PanacheRepositoryBase<Attempt, Long> {
  private final Sql sql;

  AttemptRepository(Sql sql) {
    this.sql = sql;
  }

  /**
   * Appends an outcome to the target's history, applied or not; {@code resolvedBy} is the user who stated it, null
   * for a worker's result.
   */
  public void record(PostTarget target, ResultMessage result, boolean applied, String resolvedBy, Instant now) {
    // Plain SQL for "on conflict do nothing": a result delivered twice is recorded once without failing the
    // transaction that applies it (the unique index is on target, attempt, outcome and time).
    sql.update("""
        insert into attempts (tenant_id, post_id, target_id, attempt, outcome, external_id, external_url, error_code,
                              error_message, at, applied, recorded_at, resolved_by)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""",
        target.tenantId, target.postId, target.id, result.attempt(), result.outcome(), result.externalId(),
        result.externalUrl(), result.errorCode(), result.errorMessage(), result.at(), applied, now, resolvedBy);
  }

  public List<Attempt> ofPost(UUID tenantId, UUID postId) {
    return list("tenantId = ?1 and postId = ?2 order by id", tenantId, postId);
  }
}
