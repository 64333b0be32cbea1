package io.herald.publisher.operation;

import io.herald.common.db.Sql;
import io.herald.common.stream.JobMessage;
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
 * just before the call that changes the platform; a run that finds SENDING reads the post instead of sending.
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
    UNKNOWN
  }

  /** One operation as the ledger holds it. */
  public record Row(UUID operationId, UUID tenantId, State state, int tries, Instant startedAt, String errorCode,
      String errorMessage) {}

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
    return move(operationId, State.SENDING, State.READY, code, message);
  }

  /** A final state from {@code from}: DONE, FAILED or UNKNOWN. */
  public boolean finish(UUID operationId, State from, State to, String code, String message) {
    return move(operationId, from, to, code, message);
  }

  private boolean move(UUID operationId, State from, State to, String code, String message) {
    return sql.update("update post_operations set state = ?, error_code = ?, error_message = ?, updated_at = now()"
        + " where operation_id = ? and state = ?", to, code, message, operationId, from) == 1;
  }

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(Sql.uuid(rs, "operation_id"), Sql.uuid(rs, "tenant_id"), State.valueOf(rs.getString("state")),
        rs.getInt("tries"), Sql.instant(rs, "started_at"), rs.getString("error_code"),
        rs.getString("error_message"));
  }
}
