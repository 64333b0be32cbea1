package io.herald.content.post;

import io.herald.common.db.Sql;
import io.herald.common.stream.ResultMessage;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/** The attempt history of targets: every result received, in arrival order. */
@ApplicationScoped
public class AttemptRepository implements PanacheRepositoryBase<Attempt, Long> {
  /** Rows per insert statement (15 parameters each, well under Postgres' 65,535). */
  static final int ROWS_PER_STATEMENT = 500;
  private static final String COLUMNS = """
      insert into attempts (tenant_id, post_id, target_id, attempt, outcome, external_id, external_url, error_code,
                            error_message, at, applied, recorded_at, resolved_by, operation, operation_id) values """;
  private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final Sql sql;

  AttemptRepository(Sql sql) {
    this.sql = sql;
  }

  /** One outcome to append: {@code resolvedBy} is the user who stated it, null for a worker's result. */
  public record Entry(PostTarget target, ResultMessage result, boolean applied, String resolvedBy, Instant now) {}

  /** Appends an outcome to the target's history, applied or not. */
  public void record(PostTarget target, ResultMessage result, boolean applied, String resolvedBy, Instant now) {
    recordAll(List.of(new Entry(target, result, applied, resolvedBy, now)));
  }

  /** Appends outcomes to their targets' histories, in order, in one statement (per 500). */
  public void recordAll(List<Entry> entries) {
    for (int from = 0; from < entries.size(); from += ROWS_PER_STATEMENT) {
      List<Entry> chunk = entries.subList(from, Math.min(entries.size(), from + ROWS_PER_STATEMENT));
      var parameters = new ArrayList<Object>(chunk.size() * 15);
      for (Entry e : chunk) {
        PostTarget t = e.target();
        ResultMessage r = e.result();
        parameters.addAll(Arrays.asList(t.tenantId, t.postId, t.id, r.attempt(), r.outcome(),
            r.externalId(), r.externalUrl(), r.errorCode(), r.errorMessage(), r.at(), e.applied(), e.now(),
            e.resolvedBy(), r.operation() == null ? null : r.operation().kind(),
            r.operation() == null ? null : r.operation().id()));
      }
      // Plain SQL for "on conflict do nothing": a result delivered twice is recorded once without failing the
      // transaction that applies it (the unique index is on target, attempt, outcome and time); many rows in one
      // statement, so a batch of results costs one round trip here.
      sql.update(COLUMNS + String.join(", ", Collections.nCopies(chunk.size(), ROW)) + " on conflict do nothing",
          parameters.toArray());
    }
  }

  public List<Attempt> ofPost(UUID tenantId, UUID postId) {
    return list("tenantId = ?1 and postId = ?2 order by id", tenantId, postId);
  }
}
