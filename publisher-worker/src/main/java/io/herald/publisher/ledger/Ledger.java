package io.herald.publisher.ledger;

import static io.herald.publisher.ledger.LedgerState.FAILED;
import static io.herald.publisher.ledger.LedgerState.PROCESSING;
import static io.herald.publisher.ledger.LedgerState.READY;
import static io.herald.publisher.ledger.LedgerState.SENDING;
import static io.herald.publisher.ledger.LedgerState.SENT;
import static io.herald.publisher.ledger.LedgerState.UNKNOWN;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultOutcome;
import io.herald.publisher.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The publish ledger (schema {@code publisher}), keyed by target: the one place that moves a row from state to state.
 * A job first {@link #take takes} the row (a lease, so two copies of one job never work on a target at once); every
 * transition is then one conditional statement on the allowed from-states ({@link LedgerState#into}) and on the
 * lease, so a move the state machine does not allow cannot happen, and the database's trigger refuses it too.
 *
 * <p>Plain JDBC on purpose: each transition must be a single conditional UPDATE whose row count says whether it
 * happened, and {@link #take} is an upsert with a lease condition.
 */
@ApplicationScoped
public class Ledger {
  private static final String COLUMNS = "target_id, tenant_id, platform, state, job_attempt, tries, polls, object_id,"
      + " publish_id, external_id, external_url, error_code, error_message, final_outcome, account_ref,"
      + " account_handle, (select max(a.started_at) from publish_attempt a where a.target_id = publish_ledger.target_id)"
      + " as last_send_started";

  private final Jdbc jdbc;

  Ledger(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Takes the target's row for {@code leaseFor}, creating it (READY) for the target's first job. Empty when another
   * run holds an unexpired lease: that run decides, this one comes back later.
   */
  public Optional<LedgerEntry> take(JobMessage job, Lease lease, Duration leaseFor) {
    return one("insert into publish_ledger (target_id, tenant_id, post_id, platform, social_account_id, state,"
            + " job_attempt, lease_owner, lease_until) values (?, ?, ?, ?, ?, 'READY', ?, ?, now() + ? * interval '1 ms')"
            + " on conflict (target_id) do update set lease_owner = excluded.lease_owner,"
            + " lease_until = excluded.lease_until"
            + " where publish_ledger.lease_until is null or publish_ledger.lease_until < now()"
            + " returning " + COLUMNS,
        job.targetId(), job.tenantId(), job.postId(), job.platform().name(), job.socialAccountId(), job.attempt(),
        lease.holder(), leaseFor.toMillis());
  }

  /** Extends the leases of these holders (the running jobs of this worker). */
  public int renew(List<UUID> holders, Duration leaseFor) {
    return jdbc.transaction(c -> Jdbc.execute(c, "update publish_ledger set lease_until = now() + ? * interval '1 ms'"
        + " where lease_owner = any(?)", leaseFor.toMillis(), c.createArrayOf("uuid", holders.toArray())));
  }

  /** Gives the row back; a holder that lost its lease releases nothing. */
  public void release(Lease lease) {
    update("update publish_ledger set lease_owner = null, lease_until = null where target_id = ? and lease_owner = ?",
        lease.targetId(), lease.holder());
  }

  public Optional<LedgerEntry> find(UUID targetId) {
    return one("select " + COLUMNS + " from publish_ledger where target_id = ?", targetId);
  }

  /** The row holding this publish_id (TikTok), if any. */
  public Optional<LedgerEntry> findByPublishId(Platform platform, String publishId) {
    return one("select " + COLUMNS + " from publish_ledger where platform = ? and publish_id = ?", platform.name(),
        publishId);
  }

  /**
   * Takes the row of an existing target for {@code leaseFor} (for work that does not come with a job, such as a
   * platform's webhook). Empty when the target is unknown or another run holds it.
   */
  public Optional<LedgerEntry> take(UUID targetId, Lease lease, Duration leaseFor) {
    return one("update publish_ledger set lease_owner = ?, lease_until = now() + ? * interval '1 ms'"
        + " where target_id = ? and (lease_until is null or lease_until < now()) returning " + COLUMNS,
        lease.holder(), leaseFor.toMillis(), targetId);
  }

  /** The rows of one account whose send has no platform id yet and is unsure (SENDING or UNKNOWN). */
  public List<LedgerEntry> unsureWithoutId(Platform platform, String accountRef) {
    return jdbc.list("select " + COLUMNS + " from publish_ledger where platform = ? and account_ref = ?"
        + " and state in ('SENDING', 'UNKNOWN') and publish_id is null and object_id is null", Ledger::map,
        platform.name(), accountRef);
  }

  /** Whether another target already owns this platform id (as its post, its object or its publish_id). */
  public boolean ownedByAnother(Platform platform, String id, UUID targetId) {
    return one("select " + COLUMNS + " from publish_ledger where platform = ? and target_id <> ?"
        + " and (external_id = ? or object_id = ? or publish_id = ?) limit 1",
        platform.name(), targetId, id, id, id).isPresent();
  }

  /** READY: remembers the unpublished object created for the target, so every later try publishes that one. */
  public boolean holdObject(Lease lease, String objectId) {
    return move(lease, READY, Set.of(READY), "object_id = ?", objectId);
  }

  /** READY: one more try that created nothing public; answers the tries counted for this attempt. */
  public int countTry(Lease lease, String errorCode, String errorMessage) {
    move(lease, READY, Set.of(READY), "tries = tries + 1, error_code = ?, error_message = ?", errorCode, errorMessage);
    return find(lease.targetId()).map(LedgerEntry::tries).orElse(0);
  }

  /** READY to SENDING with an attempt row, committed before the call that can make the post public. */
  public Optional<SendAttempt> beginSend(Lease lease, int jobAttempt, String accountRef) {
    var attempt = new SendAttempt(UUID.randomUUID(), lease.targetId(), Instant.now());
    return jdbc.transaction(c -> {
      if (Jdbc.execute(c, moveSql(SENDING, Set.of(READY), "job_attempt = ?, account_ref = ?"),
          jobAttempt, accountRef, lease.targetId(), lease.holder()) == 0) {
        return Optional.empty();
      }
      Jdbc.execute(c, "insert into publish_attempt (id, target_id, tenant_id, job_attempt, started_at)"
              + " select ?, target_id, tenant_id, ?, ? from publish_ledger where target_id = ?",
          attempt.id(), jobAttempt, Timestamp.from(attempt.startedAt()), lease.targetId());
      return Optional.of(attempt);
    });
  }

  /** The platform holds the post. */
  public boolean sent(Lease lease, String externalId, String externalUrl) {
    return finishing(lease, SENT, Set.of(SENDING, PROCESSING, UNKNOWN), "SENT", null, null,
        "external_id = ?, external_url = ?, error_code = null, error_message = null", externalId, externalUrl);
  }

  /** TikTok: a better id for a SENT post (its public post id once moderated, instead of the publish_id). */
  public boolean refineSent(Lease lease, String externalId, String externalUrl) {
    return move(lease, SENT, Set.of(SENT), "external_id = ?, external_url = ?", externalId, externalUrl);
  }

  /** The platform accepted the post and works on it (TikTok's publish_id, and the creator's username for its URL). */
  public boolean processing(Lease lease, String publishId, String accountHandle) {
    return finishing(lease, PROCESSING, Set.of(SENDING, UNKNOWN), "PROCESSING", null, null,
        "publish_id = ?, account_handle = coalesce(?, account_handle), polls = 0", publishId, accountHandle);
  }

  /**
   * The platform's own answer says nothing was made public (a definite error to the send, or a read of the platform
   * that shows the post absent): a new send is allowed.
   */
  public boolean notCreated(Lease lease, String errorCode, String errorMessage, boolean countsAsTry) {
    return finishing(lease, READY, Set.of(SENDING, PROCESSING), "NOT_CREATED", errorCode, errorMessage,
        "tries = tries + ?, publish_id = null, error_code = ?, error_message = ?", countsAsTry ? 1 : 0, errorCode,
        errorMessage);
  }

  /**
   * A definite failure. Callers move SENDING here only on the send call's own definite error, PROCESSING only on the
   * platform's final failure, UNKNOWN only on the platform's later word: never on an error while reading state.
   */
  public boolean failed(Lease lease, int jobAttempt, ResultOutcome outcome, String errorCode, String errorMessage) {
    return finishing(lease, FAILED, Set.of(READY, SENDING, PROCESSING, UNKNOWN), "FAILED", errorCode,
        errorMessage,
        "job_attempt = greatest(job_attempt, ?), final_outcome = ?, error_code = ?, error_message = ?", jobAttempt,
        outcome.name(), errorCode, errorMessage);
  }

  /** Reconciliation cannot tell whether the post exists: reported to the user, never sent again on its own. */
  public boolean unknown(Lease lease, int jobAttempt, String errorCode, String errorMessage) {
    return finishing(lease, UNKNOWN, Set.of(SENDING, PROCESSING, UNKNOWN), "UNKNOWN", errorCode, errorMessage,
        "job_attempt = greatest(job_attempt, ?), error_code = ?, error_message = ?", jobAttempt, errorCode, errorMessage);
  }

  /**
   * A newer attempt of a FAILED target (a retry), or of an UNKNOWN one the user asked to send again, may send. A
   * FAILED target keeps its unpublished object (nothing of it is public); an UNKNOWN one forgets it.
   */
  public boolean restart(Lease lease, LedgerState from, int newAttempt) {
    if (from != FAILED && from != UNKNOWN) {
      throw new IllegalArgumentException("Only FAILED and UNKNOWN rows restart, not " + from);
    }
    String sql = moveSql(READY, Set.of(from), "job_attempt = ?, tries = 0, polls = 0, publish_id = null,"
        + " error_code = null, error_message = null, final_outcome = null" + (from == UNKNOWN ? ", object_id = null" : ""))
        + " and job_attempt < ?";
    return update(sql, newAttempt, lease.targetId(), lease.holder(), newAttempt) == 1;
  }

  /** Counts one status poll of a PROCESSING row; answers the polls so far. */
  public int countPoll(Lease lease) {
    move(lease, PROCESSING, Set.of(PROCESSING), "polls = polls + 1");
    return find(lease.targetId()).map(LedgerEntry::polls).orElse(0);
  }

  /** How many calls that could make the post public were recorded for a target. */
  public int attemptCount(UUID targetId) {
    return jdbc.one("select count(*) from publish_attempt where target_id = ?", rs -> rs.getInt(1), targetId)
        .orElse(0);
  }

  /** A move that also closes the newest attempt row with what became of it. */
  private boolean finishing(Lease lease, LedgerState to, Set<LedgerState> from, String attemptOutcome, String errorCode,
      String errorMessage, String set, Object... values) {
    return jdbc.transaction(c -> {
      Object[] parameters = append(values, lease.targetId(), lease.holder());
      if (Jdbc.execute(c, moveSql(to, from, set), parameters) == 0) {
        return false;
      }
      Jdbc.execute(c, "update publish_attempt set finished_at = now(), outcome = ?, error_code = ?, error_message = ?"
          + " where id = (select id from publish_attempt where target_id = ? order by started_at desc limit 1)"
          + " and finished_at is null", attemptOutcome, errorCode, errorMessage, lease.targetId());
      return true;
    });
  }

  private boolean move(Lease lease, LedgerState to, Set<LedgerState> from, String set, Object... values) {
    return update(moveSql(to, from, set), append(values, lease.targetId(), lease.holder())) == 1;
  }

  private static String moveSql(LedgerState to, Set<LedgerState> from, String set) {
    String states = from.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    return "update publish_ledger set state = '" + to.name() + "', " + set + ", updated_at = now()"
        + " where target_id = ? and lease_owner = ? and state in (" + states + ")";
  }

  private static Object[] append(Object[] values, Object... more) {
    Object[] all = Arrays.copyOf(values, values.length + more.length);
    System.arraycopy(more, 0, all, values.length, more.length);
    return all;
  }

  private Optional<LedgerEntry> one(String sql, Object... parameters) {
    return jdbc.one(sql, Ledger::map, parameters);
  }

  private int update(String sql, Object... parameters) {
    return jdbc.update(sql, parameters);
  }

  private static LedgerEntry map(ResultSet rs) throws SQLException {
    String finalOutcome = rs.getString("final_outcome");
    Timestamp lastSend = rs.getTimestamp("last_send_started");
    return new LedgerEntry(
        rs.getObject("target_id", UUID.class),
        rs.getObject("tenant_id", UUID.class),
        Platform.valueOf(rs.getString("platform")),
        LedgerState.valueOf(rs.getString("state")),
        rs.getInt("job_attempt"),
        rs.getInt("tries"),
        rs.getInt("polls"),
        rs.getString("object_id"),
        rs.getString("publish_id"),
        rs.getString("external_id"),
        rs.getString("external_url"),
        rs.getString("error_code"),
        rs.getString("error_message"),
        finalOutcome == null ? null : ResultOutcome.valueOf(finalOutcome),
        rs.getString("account_ref"),
        rs.getString("account_handle"),
        lastSend == null ? null : lastSend.toInstant());
  }
}
