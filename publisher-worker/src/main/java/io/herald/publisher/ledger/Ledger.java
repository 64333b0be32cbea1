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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The publish ledger (schema {@code publisher}), keyed by target: the one place that moves a row from state to state.
 * A job first {@link #take takes} the row (a lease, so two copies of one job never work on a target at once); every
 * transition is then one conditional statement on the allowed from-states ({@link LedgerState#into}) and on the
 * lease, so a move the state machine does not allow cannot happen, and the database's trigger refuses it too.
 *
 * <p>Each move is <em>one</em> SQL statement, committed on its own (no transaction around it: a single statement is
 * atomic): taking the row answers the row ({@code returning}); the move to SENDING writes the attempt row in the same
 * statement; the moves that end a run (SENT, FAILED, UNKNOWN) close the attempt row and give the lease back in the
 * same statement. A Facebook post costs three statements this way (take, SENDING with the unpublished object's id,
 * SENT), where it cost five transactions and eight statements before; see the worker's README.
 *
 * <p>Moves are plain SQL ({@link Sql}): each is the measured hot path and must be a single conditional statement
 * whose row count (or returned row) says whether it happened, which an entity update (read, change, flush) cannot
 * say. Reads off the hot path go through {@link LedgerRepository}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class Ledger {
  /** The row's columns as {@link LedgerEntry} reads them, from a CTE named {@code t} that returned the row. */
  private static final String ENTRY_COLUMNS = "t.target_id, t.tenant_id, t.platform, t.state, t.job_attempt, t.tries,"
      + " t.polls, t.object_id, t.publish_id, t.external_id, t.external_url, t.error_code, t.error_message,"
      + " t.final_outcome, t.account_ref, t.account_handle, t.step, t.comment_state, t.comment_id,"
      + " t.comment_error, t.comment_started_at, t.comment_tries,"
      + " (select max(a.started_at) from publish_attempt a where a.target_id = t.target_id) as last_send_started";

  private final Sql sql;
  private final LedgerRepository rows;

  Ledger(Sql sql, LedgerRepository rows) {
    this.sql = sql;
    this.rows = rows;
  }

  /**
   * Takes the target's row for {@code leaseFor}, creating it (READY) for the target's first job, and answers it.
   * Empty when another run holds an unexpired lease: that run decides, this one comes back later.
   */
  public Optional<LedgerEntry> take(JobMessage job, Lease lease, Duration leaseFor) {
    // Plain SQL: one upsert (insert ... on conflict ... do update ... where) creates the row or takes its lease only
    // where none is held, atomically, and returns the row it took.
    return sql.one("with t as (insert into publish_ledger (target_id, tenant_id, post_id, platform,"
            + " social_account_id, state, job_attempt, lease_owner, lease_until)"
            + " values (?, ?, ?, ?, ?, 'READY', ?, ?, now() + ? * interval '1 ms')"
            + " on conflict (target_id) do update set lease_owner = excluded.lease_owner,"
            + " lease_until = excluded.lease_until"
            + " where publish_ledger.lease_until is null or publish_ledger.lease_until < now() returning *)"
            + " select " + ENTRY_COLUMNS + " from t",
        Ledger::entry, job.targetId(), job.tenantId(), job.postId(), job.platform(), job.socialAccountId(),
        job.attempt(), lease.holder(), leaseFor.toMillis());
  }

  /**
   * Takes the row of an existing target for {@code leaseFor} (for work that does not come with a job, such as a
   * platform's webhook). Empty when the target is unknown or another run holds it.
   */
  public Optional<LedgerEntry> take(UUID targetId, Lease lease, Duration leaseFor) {
    // Plain SQL: the lease is taken only where none is held, and the returned row says whether it was.
    return sql.one("with t as (update publish_ledger set lease_owner = ?, lease_until = now() + ? * interval '1 ms'"
        + " where target_id = ? and (lease_until is null or lease_until < now()) returning *)"
        + " select " + ENTRY_COLUMNS + " from t", Ledger::entry, lease.holder(), leaseFor.toMillis(), targetId);
  }

  /** Extends these leases (the running jobs of this worker), each only while its holder still holds it. */
  public int renew(Collection<Lease> leases, Duration leaseFor) {
    // Plain SQL: every running job's lease in one statement, each row found by its key (the ledger only grows, so a
    // search by holder would read all of it every renewal).
    return sql.update("update publish_ledger l set lease_until = now() + ? * interval '1 ms'"
            + " from unnest(?, ?) as h(target_id, holder)"
            + " where l.target_id = h.target_id and l.lease_owner = h.holder",
        leaseFor.toMillis(), leases.stream().map(Lease::targetId).toList(),
        leases.stream().map(Lease::holder).toList());
  }

  /**
   * Gives the row back, unless the move that ended the run did already; a holder that lost its lease releases nothing.
   */
  public void release(Lease lease) {
    if (lease.released()) {
      return;
    }
    // Plain SQL: conditional on the lease, like every move.
    sql.update("update publish_ledger set lease_owner = null, lease_until = null"
        + " where target_id = ? and lease_owner = ?", lease.targetId(), lease.holder());
    lease.markReleased();
  }

  @Transactional
  public Optional<LedgerEntry> find(UUID targetId) {
    return rows.entry(targetId);
  }

  /** The row holding this publish_id (TikTok), if any. */
  @Transactional
  public Optional<LedgerEntry> findByPublishId(Platform platform, String publishId) {
    return rows.findByPublishId(platform, publishId);
  }

  /** The rows of one account whose send has no platform id yet and is unsure (SENDING or UNKNOWN). */
  @Transactional
  public List<LedgerEntry> unsureWithoutId(Platform platform, String accountRef) {
    return rows.unsureWithoutId(platform, accountRef);
  }

  /** Whether another target already owns this platform id (as its post, its object or its publish_id). */
  @Transactional
  public boolean ownedByAnother(Platform platform, String id, UUID targetId) {
    return rows.ownedByAnother(platform, id, targetId);
  }

  /** READY: one more try that created nothing public; answers the tries counted for this attempt. */
  public int countTry(Lease lease, String errorCode, String errorMessage) {
    // Plain SQL: the move answers the count it made.
    return sql.one(moveSql(READY, Set.of(READY), "tries = tries + 1, error_code = ?, error_message = ?")
        + " returning tries", rs -> rs.getInt(1), errorCode, errorMessage, lease.targetId(), lease.holder())
        .orElse(1);
  }

  /**
   * READY to SENDING with an attempt row, committed before the call that can make the post public: one statement.
   * {@code objectId} is the unpublished object just created for the target (Facebook), kept with the move so every
   * later try publishes that one; null when there is none or the row holds one already.
   */
  public boolean beginSend(Lease lease, int jobAttempt, String accountRef, String objectId) {
    // Plain SQL: the move and the attempt row in one statement (a data-modifying CTE), written both or neither.
    return sql.update("with moved as (" + moveSql(SENDING, Set.of(READY),
            "job_attempt = ?, account_ref = ?, object_id = coalesce(object_id, ?)") + " returning target_id, tenant_id)"
            + " insert into publish_attempt (id, target_id, tenant_id, job_attempt, started_at)"
            + " select ?, target_id, tenant_id, ?, ? from moved",
        jobAttempt, accountRef, objectId, lease.targetId(), lease.holder(), UUID.randomUUID(), jobAttempt,
        Instant.now()) == 1;
  }

  /** READY to SENDING with an attempt row (no object of its own: TikTok, or a Facebook row that holds one). */
  public boolean beginSend(Lease lease, int jobAttempt, String accountRef) {
    return beginSend(lease, jobAttempt, accountRef, null);
  }

  /** The platform holds the post; the run ends, and the lease is given back in the same statement. */
  public boolean sent(Lease lease, String externalId, String externalUrl) {
    return sent(lease, externalId, externalUrl, false);
  }

  /**
   * The platform holds the post. With {@code commentFollows} the first comment becomes a step of its own (PENDING,
   * unless it began already) and the run keeps the row to take it; otherwise the run ends here.
   */
  public boolean sent(Lease lease, String externalId, String externalUrl, boolean commentFollows) {
    return finishing(lease, SENT, Set.of(SENDING, PROCESSING, UNKNOWN), "SENT", null, null, !commentFollows,
        "external_id = ?, external_url = ?, error_code = null, error_message = null"
            + (commentFollows ? ", comment_state = coalesce(comment_state, 'PENDING')" : ""),
        externalId, externalUrl).isPresent();
  }

  /**
   * Facebook: the unpublished object a multi-step send works on (a Reel's or video Story's video id from its start
   * step, a Story's photo uploaded unpublished), kept while READY, before its next step: a retry resumes with it.
   */
  public boolean keepObject(Lease lease, String objectId) {
    return move(lease, READY, Set.of(READY), "object_id = ?, step = null", objectId);
  }

  /** Facebook: the object's video bytes were accepted; a retry goes on with the finish step. */
  public boolean stepDone(Lease lease, String step) {
    return move(lease, READY, Set.of(READY), "step = ?", step);
  }

  /** Facebook: the platform works on the post (a video processing); polled by its object id. */
  public boolean processing(Lease lease) {
    return processing(lease, null, null);
  }

  /**
   * The platform's final word (its status, read while PROCESSING or to settle a SENDING row) is that processing
   * failed: nothing is public, and the object can never be published, so a retry starts again without it.
   */
  public boolean processingFailed(Lease lease, int jobAttempt, String errorCode, String errorMessage) {
    return finishing(lease, FAILED, Set.of(SENDING, PROCESSING), "FAILED", errorCode, errorMessage, true,
        "job_attempt = greatest(job_attempt, ?), final_outcome = 'FAILED', error_code = ?, error_message = ?,"
            + " object_id = null, step = null", jobAttempt, errorCode, errorMessage).isPresent();
  }

  /**
   * The first comment's call is about to go (PENDING or SENDING to SENDING, on a SENT row): committed before the
   * call, with its start time, so a lost answer is looked for among the post's comments, never sent blindly again.
   */
  public boolean commentSending(Lease lease) {
    return commentMove(lease, Set.of("PENDING"), "comment_state = 'SENDING', comment_started_at = now(),"
        + " comment_tries = comment_tries + 1");
  }

  /** The comment's call answered a definite, passing refusal (nothing was posted): it may be sent again. */
  public boolean commentNotSent(Lease lease, String error) {
    return commentMove(lease, Set.of("SENDING"), "comment_state = 'PENDING', comment_error = ?", error);
  }

  /** The comment's final state: PUBLISHED (with its id), FAILED or UNKNOWN (with the reason). */
  public boolean commentFinal(Lease lease, String state, String commentId, String error) {
    if (!Set.of("PUBLISHED", "FAILED", "UNKNOWN").contains(state)) {
      throw new IllegalArgumentException("Not a final comment state: " + state);
    }
    return commentMove(lease, Set.of("PENDING", "SENDING"), "comment_state = ?, comment_id = ?, comment_error = ?",
        state, commentId, error);
  }

  private boolean commentMove(Lease lease, Set<String> from, String set, Object... values) {
    Object[] parameters = Arrays.copyOf(values, values.length + 2);
    parameters[values.length] = lease.targetId();
    parameters[values.length + 1] = lease.holder();
    String states = from.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
    // Plain SQL: a step on a SENT row, conditional on the lease and on the comment's own from-states.
    return sql.update(moveSql(SENT, Set.of(SENT), set) + " and comment_state in (" + states + ")", parameters) == 1;
  }

  /** TikTok: a better id for a SENT post (its public post id once moderated, instead of the publish_id). */
  public boolean refineSent(Lease lease, String externalId, String externalUrl) {
    return move(lease, SENT, Set.of(SENT), "external_id = ?, external_url = ?", externalId, externalUrl);
  }

  /** The platform accepted the post and works on it (TikTok's publish_id, and the creator's username for its URL). */
  public boolean processing(Lease lease, String publishId, String accountHandle) {
    return finishing(lease, PROCESSING, Set.of(SENDING, UNKNOWN), "PROCESSING", null, null, false,
        "publish_id = ?, account_handle = coalesce(?, account_handle), polls = 0", publishId, accountHandle)
        .isPresent();
  }

  /**
   * The platform's own answer says nothing was made public (a definite error to the send, or a read of the platform
   * that shows the post absent): a new send is allowed. Answers the tries counted for this attempt once it moved.
   */
  public OptionalInt notCreated(Lease lease, String errorCode, String errorMessage, boolean countsAsTry) {
    return finishing(lease, READY, Set.of(SENDING, PROCESSING), "NOT_CREATED", errorCode, errorMessage, false,
        "tries = tries + ?, publish_id = null, error_code = ?, error_message = ?", countsAsTry ? 1 : 0, errorCode,
        errorMessage).map(OptionalInt::of).orElse(OptionalInt.empty());
  }

  /**
   * A definite failure; the run ends, and the lease is given back in the same statement. Callers move SENDING here
   * only on the send call's own definite error, PROCESSING only on the platform's final failure, UNKNOWN only on the
   * platform's later word: never on an error while reading state.
   */
  public boolean failed(Lease lease, int jobAttempt, ResultOutcome outcome, String errorCode, String errorMessage) {
    return finishing(lease, FAILED, Set.of(READY, SENDING, PROCESSING, UNKNOWN), "FAILED", errorCode,
        errorMessage, true,
        "job_attempt = greatest(job_attempt, ?), final_outcome = ?, error_code = ?, error_message = ?", jobAttempt,
        outcome, errorCode, errorMessage).isPresent();
  }

  /**
   * Reconciliation cannot tell whether the post exists: reported to the user, never sent again on its own. The run
   * ends, and the lease is given back in the same statement.
   */
  public boolean unknown(Lease lease, int jobAttempt, String errorCode, String errorMessage) {
    return finishing(lease, UNKNOWN, Set.of(SENDING, PROCESSING, UNKNOWN), "UNKNOWN", errorCode, errorMessage, true,
        "job_attempt = greatest(job_attempt, ?), error_code = ?, error_message = ?", jobAttempt, errorCode,
        errorMessage).isPresent();
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
        + " final_outcome = null" + (from == UNKNOWN ? ", object_id = null, step = null" : "");
    // Plain SQL: a move, conditional on the attempt being newer as well.
    return sql.update(moveSql(READY, Set.of(from), set) + " and job_attempt < ?", newAttempt, lease.targetId(),
        lease.holder(), newAttempt) == 1;
  }

  /** Counts one status poll of a PROCESSING row; answers the polls so far. */
  public int countPoll(Lease lease) {
    // Plain SQL: the move answers the count it made.
    return sql.one(moveSql(PROCESSING, Set.of(PROCESSING), "polls = polls + 1") + " returning polls",
        rs -> rs.getInt(1), lease.targetId(), lease.holder()).orElse(0);
  }

  /**
   * A move that also closes the newest attempt row with what became of it, in one statement; {@code release} also
   * gives the lease back (the move ends the run). Answers the row's tries when it moved, empty when it did not.
   */
  private Optional<Integer> finishing(Lease lease, LedgerState to, Set<LedgerState> from, String attemptOutcome,
      String errorCode, String errorMessage, boolean release, String set, Object... values) {
    Object[] parameters = Arrays.copyOf(values, values.length + 5);
    parameters[values.length] = lease.targetId();
    parameters[values.length + 1] = lease.holder();
    parameters[values.length + 2] = attemptOutcome;
    parameters[values.length + 3] = errorCode;
    parameters[values.length + 4] = errorMessage;
    // Plain SQL: the move and the close of its attempt row in one statement (data-modifying CTEs, both or neither).
    Optional<Integer> tries = sql.one("with moved as ("
        + moveSql(to, from, set + (release ? ", lease_owner = null, lease_until = null" : ""))
        + " returning target_id, tries),"
        + " closed as (update publish_attempt set finished_at = now(), outcome = ?, error_code = ?, error_message = ?"
        + " where id = (select a.id from publish_attempt a join moved m on m.target_id = a.target_id"
        + " order by a.started_at desc limit 1) and finished_at is null)"
        + " select tries from moved", rs -> rs.getInt(1), parameters);
    if (release && tries.isPresent()) {
      lease.markReleased();
    }
    return tries;
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

  private static LedgerEntry entry(ResultSet rs) throws SQLException {
    String outcome = rs.getString("final_outcome");
    return new LedgerEntry(Sql.uuid(rs, "target_id"), Sql.uuid(rs, "tenant_id"),
        Platform.valueOf(rs.getString("platform")), LedgerState.valueOf(rs.getString("state")),
        rs.getInt("job_attempt"), rs.getInt("tries"), rs.getInt("polls"), rs.getString("object_id"),
        rs.getString("publish_id"), rs.getString("external_id"), rs.getString("external_url"),
        rs.getString("error_code"), rs.getString("error_message"),
        outcome == null ? null : ResultOutcome.valueOf(outcome), rs.getString("account_ref"),
        rs.getString("account_handle"), Sql.instant(rs, "last_send_started"), rs.getString("step"),
        rs.getString("comment_state"), rs.getString("comment_id"),
        rs.getString("comment_error"), Sql.instant(rs, "comment_started_at"), rs.getInt("comment_tries"));
  }
}
