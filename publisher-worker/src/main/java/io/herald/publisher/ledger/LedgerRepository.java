package io.herald.publisher.ledger;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultOutcome;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The publish ledger (schema {@code publisher}), keyed by target. Every state change is one committed statement or
 * transaction, and the changes that allow a send are conditional, so two workers holding jobs of the same target
 * never both call the platform.
 */
@ApplicationScoped
public class LedgerRepository {
  private static final String COLUMNS = "target_id, tenant_id, post_id, platform, social_account_id, state, job_attempt,"
      + " tries, polls, publish_id, external_id, external_url, error_code, error_message, final_outcome, updated_at,"
      + " account_handle";

  private final AgroalDataSource dataSource;

  LedgerRepository(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Optional<LedgerEntry> find(UUID targetId) {
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from publish_ledger where target_id = ?")) {
      s.setObject(1, targetId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new LedgerException(e);
    }
  }

  /** The target's row, created in state RETRYING (nothing sent yet) when this is the first job for it. */
  public LedgerEntry findOrCreate(JobMessage job) {
    update("insert into publish_ledger (target_id, tenant_id, post_id, platform, social_account_id, state, job_attempt)"
            + " values (?, ?, ?, ?, ?, 'RETRYING', ?) on conflict (target_id) do nothing",
        job.targetId(), job.tenantId(), job.postId(), job.platform().name(), job.socialAccountId(), job.attempt());
    return find(job.targetId()).orElseThrow();
  }

  /**
   * Commits SENDING and an attempt row before a create call. Returns the attempt, or empty when another worker
   * changed the row first (it is then that worker's to send).
   */
  public Optional<SendAttempt> beginSend(UUID targetId, int jobAttempt) {
    UUID attemptId = UUID.randomUUID();
    Instant startedAt = Instant.now();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int changed;
        try (PreparedStatement s = c.prepareStatement(
            "update publish_ledger set state = 'SENDING', job_attempt = ?, updated_at = now()"
                + " where target_id = ? and state = 'RETRYING'")) {
          s.setInt(1, jobAttempt);
          s.setObject(2, targetId);
          changed = s.executeUpdate();
        }
        if (changed == 0) {
          c.rollback();
          return Optional.empty();
        }
        try (PreparedStatement s = c.prepareStatement(
            "insert into publish_attempt (id, target_id, tenant_id, job_attempt, started_at)"
                + " select ?, target_id, tenant_id, ?, ? from publish_ledger where target_id = ?")) {
          s.setObject(1, attemptId);
          s.setInt(2, jobAttempt);
          s.setTimestamp(3, Timestamp.from(startedAt));
          s.setObject(4, targetId);
          s.executeUpdate();
        }
        c.commit();
        return Optional.of(new SendAttempt(attemptId, targetId, startedAt));
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new LedgerException(e);
    }
  }

  /** When the newest send attempt of a target started (for reconciliation), if any. */
  public Optional<SendAttempt> lastAttempt(UUID targetId) {
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement(
             "select id, started_at from publish_attempt where target_id = ? order by started_at desc limit 1")) {
      s.setObject(1, targetId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(new SendAttempt(rs.getObject(1, UUID.class), targetId, rs.getTimestamp(2).toInstant()))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new LedgerException(e);
    }
  }

  public void markSent(UUID targetId, String externalId, String externalUrl) {
    update("update publish_ledger set state = 'SENT', external_id = ?, external_url = ?, error_code = null,"
        + " error_message = null, updated_at = now() where target_id = ?", externalId, externalUrl, targetId);
    finishAttempt(targetId, "SENT", null, null);
  }

  /** Stores TikTok's publish_id at once after init (and the creator's username, for the post's URL later). */
  public void markProcessing(UUID targetId, String publishId, String accountHandle) {
    update("update publish_ledger set state = 'PROCESSING', publish_id = ?, account_handle = ?, polls = 0,"
        + " updated_at = now() where target_id = ?", publishId, accountHandle, targetId);
    finishAttempt(targetId, "PROCESSING", null, null);
  }

  /** Records that nothing was created; returns the number of tries counted so far for this attempt. */
  public int markRetrying(UUID targetId, String errorCode, String errorMessage, boolean countsAsTry) {
    update("update publish_ledger set state = 'RETRYING', tries = tries + ?, error_code = ?, error_message = ?,"
        + " updated_at = now() where target_id = ? and state <> 'SENT'",
        countsAsTry ? 1 : 0, errorCode, errorMessage, targetId);
    finishAttempt(targetId, "RETRYING", errorCode, errorMessage);
    return find(targetId).map(LedgerEntry::tries).orElse(0);
  }

  public void markFailed(UUID targetId, ResultOutcome outcome, String errorCode, String errorMessage) {
    update("update publish_ledger set state = 'FAILED', final_outcome = ?, error_code = ?, error_message = ?,"
        + " updated_at = now() where target_id = ? and state <> 'SENT'", outcome.name(), errorCode, errorMessage, targetId);
    finishAttempt(targetId, "FAILED", errorCode, errorMessage);
  }

  /** Counts one TikTok status poll; returns the polls so far. */
  public int countPoll(UUID targetId) {
    update("update publish_ledger set polls = polls + 1, updated_at = now() where target_id = ?", targetId);
    return find(targetId).map(LedgerEntry::polls).orElse(0);
  }

  /**
   * Gives up a SENDING attempt that reconciliation showed created nothing, so a new send is allowed. Conditional on
   * the attempt still being the newest one, so a reconciler never releases another worker's newer send.
   */
  public boolean abandonAttempt(UUID targetId, UUID attemptId, String errorCode, String errorMessage) {
    int changed = update("update publish_ledger set state = 'RETRYING', error_code = ?, error_message = ?,"
        + " updated_at = now() where target_id = ? and state = 'SENDING' and (select id from publish_attempt"
        + " where target_id = ? order by started_at desc limit 1) = ?", errorCode, errorMessage, targetId, targetId,
        attemptId);
    if (changed == 1) {
      update("update publish_attempt set finished_at = now(), outcome = 'NOT_FOUND', error_code = ?, error_message = ?"
          + " where id = ?", errorCode, errorMessage, attemptId);
    }
    return changed == 1;
  }

  /** A newer attempt of a definitely failed target (manual retry) may send again. */
  public boolean restart(UUID targetId, int newAttempt) {
    return update("update publish_ledger set state = 'RETRYING', job_attempt = ?, tries = 0, polls = 0,"
        + " publish_id = null, error_code = null, error_message = null, final_outcome = null, updated_at = now()"
        + " where target_id = ? and state = 'FAILED' and job_attempt < ?", newAttempt, targetId, newAttempt) == 1;
  }

  /** How many create calls were recorded for a target (what the ledger knows was tried). */
  public int attemptCount(UUID targetId) {
    try (Connection c = dataSource.getConnection();
         PreparedStatement s = c.prepareStatement("select count(*) from publish_attempt where target_id = ?")) {
      s.setObject(1, targetId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new LedgerException(e);
    }
  }

  private void finishAttempt(UUID targetId, String outcome, String errorCode, String errorMessage) {
    update("update publish_attempt set finished_at = now(), outcome = ?, error_code = ?, error_message = ?"
        + " where id = (select id from publish_attempt where target_id = ? order by started_at desc limit 1)"
        + " and finished_at is null", outcome, errorCode, errorMessage, targetId);
  }

  private int update(String sql, Object... parameters) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new LedgerException(e);
    }
  }

  private static LedgerEntry map(ResultSet rs) throws SQLException {
    String finalOutcome = rs.getString("final_outcome");
    return new LedgerEntry(
        rs.getObject("target_id", UUID.class),
        rs.getObject("tenant_id", UUID.class),
        rs.getObject("post_id", UUID.class),
        Platform.valueOf(rs.getString("platform")),
        rs.getObject("social_account_id", UUID.class),
        LedgerState.valueOf(rs.getString("state")),
        rs.getInt("job_attempt"),
        rs.getInt("tries"),
        rs.getInt("polls"),
        rs.getString("publish_id"),
        rs.getString("external_id"),
        rs.getString("external_url"),
        rs.getString("error_code"),
        rs.getString("error_message"),
        finalOutcome == null ? null : ResultOutcome.valueOf(finalOutcome),
        rs.getTimestamp("updated_at").toInstant(),
        rs.getString("account_handle"));
  }
}
