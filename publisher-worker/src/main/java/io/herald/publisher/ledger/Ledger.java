package io.herald.publisher.ledger;

import static io.herald.publisher.ledger.LedgerState.FAILED;
import static io.herald.publisher.ledger.LedgerState.PROCESSING;
import static io.herald.publisher.ledger.LedgerState.READY;
import static io.herald.publisher.ledger.LedgerState.SENDING;
import static io.herald.publisher.ledger.LedgerState.SENT;
import static io.herald.publisher.ledger.LedgerState.UNKNOWN;

import io.herald.common.db.Sql;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
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
 * lease, so a move the state machine does not allow cannot happen, and the database's trigger refuses it too. Each
 * public method is one transaction; a move that also writes the attempt row writes both or neither.
 *
 * <p>Moves are plain SQL ({@link Sql}), reads go through {@link LedgerRepository}: each move is the measured hot
 * path and must be a single conditional UPDATE whose row count says whether it happened, which an entity update
 * (read, change, flush) cannot say.
 */
@ApplicationScoped
@Transactional
public class Ledger {
  private final Sql sql;
  private final LedgerRepository rows;
  private final PublishAttemptRepository attempts;

  Ledger(Sql sql, LedgerRepository rows, PublishAttemptRepository attempts) {
    this.sql = sql;
    this.rows = rows;
    this.attempts = attempts;
  }

  /**
   * Takes the target's row for {@code leaseFor}, creating it (READY) for the target's first job. Empty when another
   * run holds an unexpired lease: that run decides, this one comes back later.
   */
  public Optional<LedgerEntry> take(JobMessage job, Lease lease, Duration leaseFor) {
    // Plain SQL: one upsert (insert ... on conflict ... do update ... where) creates the row or takes its lease only
    // where none is held, atomically.
    int taken = sql.update("insert into publish_ledger (target_id, tenant_id, post_id, platform, social_account_id,"
            + " state, job_attempt, lease_owner, lease_until)"
            + " values (?, ?, ?, ?, ?, 'READY', ?, ?, now() + ? * interval '1 ms')"
            + " on conflict (target_id) do update set lease_owner = excluded.lease_owner,"
            + " lease_until = excluded.lease_until"
            + " where publish_ledger.lease_until is null or publish_ledger.lease_until < now()",
        job.targetId(), job.tenantId(), job.postId(), job.platform(), job.socialAccountId(), job.attempt(),
        lease.holder(), leaseFor.toMillis());
    return taken == 1 ? find(job.targetId()) : Optional.empty();
  }

  /**
   * Takes the row of an existing target for {@code leaseFor} (for work that does not come with a job, such as a
   * platform's webhook). Empty when the target is unknown or another run holds it.
   */
  public Optional<LedgerEntry> take(UUID targetId, Lease lease, Duration leaseFor) {
    // Plain SQL: the lease is taken only where none is held, and the row count says whether it was.
    int taken = sql.update("update publish_ledger set lease_owner = ?, lease_until = now() + ? * interval '1 ms'"
        + " where target_id = ? and (lease_until is null or lease_until < now())",
        lease.holder(), leaseFor.toMillis(), targetId);
    return taken == 1 ? find(targetId) : Optional.empty();
  }

  /** Extends the leases of these holders (the running jobs of this worker). */
  public int renew(List<UUID> holders, Duration leaseFor) {
    // Plain SQL: every running job's lease in one statement (= any(uuid[])).
    return sql.update("update publish_ledger set lease_until = now() + ? * interval '1 ms' where lease_owner = any(?)",
        leaseFor.toMillis(), holders);
  }

  /** Gives the row back; a holder that lost its lease releases nothing. */
  public void release(Lease lease) {
    // Plain SQL: conditional on the lease, like every move.
    sql.update("update publish_ledger set lease_owner = null, lease_until = null"
        + " where target_id = ? and lease_owner = ?", lease.targetId(), lease.holder());
  }

  public Optional<LedgerEntry> find(UUID targetId) {
    return rows.entry(targetId);
  }

  /** The row holding this publish_id (TikTok), if any. */
  public Optional<LedgerEntry> findByPublishId(Platform platform, String publishId) {
    return rows.findByPublishId(platform, publishId);
  }

  /** The rows of one account whose send has no platform id yet and is unsure (SENDING or UNKNOWN). */
  public List<LedgerEntry> unsureWithoutId(Platform platform, String accountRef) {
    return rows.unsureWithoutId(platform, accountRef);
  }

  /** Whether another target already owns this platform id (as its post, its object or its publish_id). */
  public boolean ownedByAnother(Platform platform, String id, UUID targetId) {
    return rows.ownedByAnother(platform, id, targetId);
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
  public Optional<PublishAttempt> beginSend(Lease lease, int jobAttempt, String accountRef) {
    // Plain SQL: the move, answering the tenant the attempt row is written for.
    Optional<UUID> tenant = sql.one(moveSql(SENDING, Set.of(READY), "job_attempt = ?, account_ref = ?")
        + " returning tenant_id", rs -> Sql.uuid(rs, "tenant_id"), jobAttempt, accountRef, lease.targetId(),
        lease.holder());
    if (tenant.isEmpty()) {
      return Optional.empty();
    }
    var attempt = new PublishAttempt(lease.targetId(), tenant.get(), jobAttempt);
    attempts.persist(attempt);
    return Optional.of(attempt);
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
        outcome, errorCode, errorMessage);
  }

  /** Reconciliation cannot tell whether the post exists: reported to the user, never sent again on its own. */
  public boolean unknown(Lease lease, int jobAttempt, String errorCode, String errorMessage) {
    return finishing(lease, UNKNOWN, Set.of(SENDING, PROCESSING, UNKNOWN), "UNKNOWN", errorCode, errorMessage,
        "job_attempt = greatest(job_attempt, ?), error_code = ?, error_message = ?", jobAttempt, errorCode,
        errorMessage);
  }

  /**
   * A newer attempt of a FAILED target (a retry), or of an UNKNOWN one the user asked to send again, may send. A
   * FAILED target keeps its unpublished object (nothing of it is public); an UNKNOWN one forgets it.
   */
  public boolean restart(Lease lease, LedgerState from, int newAttempt) {
    if (from != FAILED && from != UNKNOWN) {
      throw new IllegalArgumentException("Only FAILED and UNKNOWN rows restart, not " + from);
    }
    String set = "job_attempt = ?, tries = 0, polls = 0, publish_id = null, error_code = null, error_message = null,"
        + " final_outcome = null" + (from == UNKNOWN ? ", object_id = null" : "");
    // Plain SQL: a move, conditional on the attempt being newer as well.
    return sql.update(moveSql(READY, Set.of(from), set) + " and job_attempt < ?", newAttempt, lease.targetId(),
        lease.holder(), newAttempt) == 1;
  }

  /** Counts one status poll of a PROCESSING row; answers the polls so far. */
  public int countPoll(Lease lease) {
    move(lease, PROCESSING, Set.of(PROCESSING), "polls = polls + 1");
    return find(lease.targetId()).map(LedgerEntry::polls).orElse(0);
  }

  /** A move that also closes the newest attempt row with what became of it. */
  private boolean finishing(Lease lease, LedgerState to, Set<LedgerState> from, String attemptOutcome,
      String errorCode, String errorMessage, String set, Object... values) {
    if (!move(lease, to, from, set, values)) {
      return false;
    }
    // Plain SQL: part of the same move, one statement on the newest attempt row.
    sql.update("update publish_attempt set finished_at = now(), outcome = ?, error_code = ?, error_message = ?"
        + " where id = (select id from publish_attempt where target_id = ? order by started_at desc limit 1)"
        + " and finished_at is null", attemptOutcome, errorCode, errorMessage, lease.targetId());
    return true;
  }

  private boolean move(Lease lease, LedgerState to, Set<LedgerState> from, String set, Object... values) {
    Object[] parameters = Arrays.copyOf(values, values.length + 2);
    parameters[values.length] = lease.targetId();
    parameters[values.length + 1] = lease.holder();
    // Plain SQL: the row count says whether the move happened (see the class comment).
    return sql.update(moveSql(to, from, set), parameters) == 1;
  }

  /** One conditional UPDATE: to {@code to}, only from {@code from} and only for the lease's holder. */
  private static String moveSql(LedgerState to, Set<LedgerState> from, String set) {
    String states = from.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    return "update publish_ledger set state = '" + to.name() + "', " + set + ", updated_at = now()"
        + " where target_id = ? and lease_owner = ? and state in (" + states + ")";
  }
}
