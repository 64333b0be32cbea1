package io.herald.publisher.operation;

import io.herald.common.db.Sql;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.ResultOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The ledger of edits and deletes of published targets ({@code post_operations}): one row per operation, moved only
 * by single conditional statements whose row count says who moved it. READY → SENDING is taken by exactly one run,
 * just before the call that changes the platform; a run that finds SENDING reads the post instead of sending. A
 * settled row keeps the result it reported ({@code final_outcome}), which every later copy of its job repeats.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class OperationLedger {
  /** The states of an operation. */
  public enum State {
    READY,
    SENDING,
    DONE,
    FAILED,
    UNKNOWN;

    /** The final state a reported outcome settles a row in. */
    static State settledBy(ResultOutcome outcome) {
      return switch (outcome) {
        case PUBLISHED -> DONE;
        case FAILED, NEEDS_REAUTH -> FAILED;
        case UNKNOWN_OUTCOME -> UNKNOWN;
        case PROCESSING, RETRY_SCHEDULED -> throw new IllegalArgumentException(outcome + " settles nothing");
      };
    }
  }

  /** One operation as the ledger holds it; {@code outcome} is the result a settled row reports (null before). */
  public record Row(UUID operationId, UUID tenantId, State state, int tries, Instant startedAt,
      ResultOutcome outcome, String errorCode, String errorMessage) {}

  private final Sql sql;

  OperationLedger(Sql sql) {
    this.sql = sql;
  }

  /** The operation's row, created READY on its first job. */
  public Row take(JobMessage job) {
    sql.update("insert into post_operations (operation_id, target_id, tenant_id, kind) values (?, ?, ?, ?)"
        + " on conflict (operation_id) do nothing",
        job.operation().id(), job.targetId(), job.tenantId(), job.operation().kind());
    return find(job.operation().id()).orElseThrow();
  }

  public Optional<Row> find(UUID operationId) {
    return sql.one("select * from post_operations where operation_id = ?", OperationLedger::row, operationId);
  }

  /** READY → SENDING, with the time the call starts; false when another run took it first. */
  public boolean startSending(UUID operationId) {
    return sql.update("update post_operations set state = 'SENDING', started_at = now(), tries = tries + 1,"
        + " updated_at = now() where operation_id = ? and state = 'READY'", operationId) == 1;
  }

  /** SENDING → READY: the platform's own word says the call changed nothing (a definite passing refusal). */
  public boolean back(UUID operationId, String code, String message) {
    return sql.update("update post_operations set state = 'READY', error_code = ?, error_message = ?,"
        + " updated_at = now() where operation_id = ? and state = 'SENDING'", code, message, operationId) == 1;
  }

  /** From {@code from} to the final state of {@code outcome} (DONE, FAILED or UNKNOWN), which the row keeps. */
  public boolean finish(UUID operationId, State from, ResultOutcome outcome, String code, String message) {
    return sql.update("update post_operations set state = ?, final_outcome = ?, error_code = ?, error_message = ?,"
        + " updated_at = now() where operation_id = ? and state = ?", State.settledBy(outcome), outcome, code,
        message, operationId, from) == 1;
  }

  private static Row row(ResultSet rs) throws SQLException {
    String outcome = rs.getString("final_outcome");
    return new Row(Sql.uuid(rs, "operation_id"), Sql.uuid(rs, "tenant_id"), State.valueOf(rs.getString("state")),
        rs.getInt("tries"), Sql.instant(rs, "started_at"), outcome == null ? null : ResultOutcome.valueOf(outcome),
        rs.getString("error_code"), rs.getString("error_message"));
  }
}
