package io.herald.publisher.ledger;

import static io.herald.common.db.Sql.column;
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
import io.herald.publisher.metrics.PublisherMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
 * same statement. A Facebook post costs three moves this way (take, SENDING with the unpublished object's id, SENT),
 * where it cost five transactions and eight statements before; see the worker's README.
 *
 * <p>Those three moves, every job's, are run for all the jobs that ask at once in one statement over arrays
 * ({@link Batcher}: a group commit; {@code herald_ledger_batch_size}). Each job still waits for the commit of its own
 * move before it goes on, and each row moves only on its own conditions, so a batch promises what a statement per
 * move did. Rows are locked in one order (by target id) by every statement that moves many, so two of them never
 * deadlock. These moves run on the batcher's thread, outside any transaction of their caller: no caller holds one
 * (the jobs and TikTok's webhooks call them on their own), and none may, as its rollback could not undo them.
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

  /**
   * The CTE that closes, in the statement of a move, the newest attempt row of each row the CTE {@code moved} moved:
   * its outcome, error code and error message are the statement's next three parameters.
   */
  private static final String CLOSE_ATTEMPTS = " closed as (update publish_attempt set finished_at = now(),"
      + " outcome = ?, error_code = ?, error_message = ? where id = any(array(select (select a.id"
      + " from publish_attempt a where a.target_id = m.target_id order by a.started_at desc limit 1) from moved m))"
      + " and finished_at is null)";

  /**
   * READY to SENDING for many rows, each with its attempt row (a data-modifying CTE: written both or neither). Built
   * once: the statement is the same for every batch.
   */
  private static final String BEGIN_SEND_ALL = "with moved as (" + movesSql(SENDING, Set.of(READY),
      "job_attempt = u.job_attempt, account_ref = u.account_ref, object_id = coalesce(l.object_id, u.object_id)",
      "job_attempt, account_ref, object_id, attempt_id")
      + " returning l.target_id, l.tenant_id, u.holder, u.job_attempt, u.attempt_id),"
      + " attempts as (insert into publish_attempt (id, target_id, tenant_id, job_attempt, started_at)"
      + " select attempt_id, target_id, tenant_id, job_attempt, ? from moved)"
      + " select target_id, holder from moved";

  /**
   * To SENT for many rows, with the close of their attempt rows (data-modifying CTEs, all or none). A row whose first
   * comment follows keeps its lease for it; the others give it back. Built once, as {@link #BEGIN_SEND_ALL}.
   */
  private static final String SENT_ALL = "with moved as (" + movesSql(SENT, Set.of(SENDING, PROCESSING, UNKNOWN),
      "external_id = u.external_id, external_url = u.external_url, error_code = null, error_message = null,"
          + " comment_state = case when u.comment_follows then coalesce(l.comment_state, 'PENDING')"
          + " else l.comment_state end,"
          + " lease_owner = case when u.comment_follows then l.lease_owner end,"
          + " lease_until = case when u.comment_follows then l.lease_until end",
      "external_id, external_url, comment_follows") + " returning l.target_id, u.holder),"
      + CLOSE_ATTEMPTS + " select target_id, holder from moved";

  /** The most moves one statement runs. */
  static final int BATCH = 64;
  /** The order rows are locked in by every statement that moves many. */
  private static final Comparator<Lease> LOCK_ORDER = Comparator.comparing(Lease::targetId);

  private record Take(JobMessage job, Lease lease, Duration leaseFor) {
  }

  private record Send(Lease lease, int jobAttempt, String accountRef, String objectId) {
  }

  private record Sent(Lease lease, String externalId, String externalUrl, boolean commentFollows) {
  }

  /** A row a statement moved, and for whom: a batch answers each request by both. */
  private record Moved(UUID targetId, UUID holder) {
    static Moved of(Lease lease) {
      return new Moved(lease.targetId(), lease.holder());
    }

    static Moved read(ResultSet rs) throws SQLException {
      return new Moved(Sql.uuid(rs, "target_id"), Sql.uuid(rs, "holder"));
    }
  }

  private final Sql sql;
  private final LedgerRepository rows;
  private final Batcher<Take, Optional<LedgerEntry>> takes;
  private final Batcher<Send, Boolean> sends;
  private final Batcher<Sent, Boolean> sents;

  Ledger(Sql sql, LedgerRepository rows, PublisherMetrics metrics) {
    this.sql = sql;
    this.rows = rows;
    this.takes = new Batcher<>("ledger-take", BATCH, this::takeAll, size -> metrics.recordLedgerBatch("take", size));
    this.sends = new Batcher<>("ledger-send", BATCH, this::beginSendAll,
        size -> metrics.recordLedgerBatch("send", size));
    this.sents = new Batcher<>("ledger-sent", BATCH, this::sentAll, size -> metrics.recordLedgerBatch("sent", size));
  }

  @PreDestroy
  void close() {
    takes.close();
    sends.close();
    sents.close();
  }

  /**
   * Takes the target's row for {@code leaseFor}, creating it (READY) for the target's first job, and answers it.
   * Empty when another run holds an unexpired lease: that run decides, this one comes back later.
   */
  public Optional<LedgerEntry> take(JobMessage job, Lease lease, Duration leaseFor) {
    return takes.run(new Take(job, lease, leaseFor));
  }

  private List<Optional<LedgerEntry>> takeAll(List<Take> batch) {
    List<Take> ordered = batch.stream().sorted(Comparator.comparing(Take::lease, LOCK_ORDER)).toList();
    // Plain SQL: one upsert (insert ... on conflict ... do update ... where) creates each row or takes its lease only
    // where none is held, atomically, and returns the rows it took. Two takes of one target in a batch make the
    // statement fail (a row affected twice): the batch is then run a take at a time.
    Map<UUID, LedgerEntry> taken = sql.batch("with t as (insert into publish_ledger (target_id, tenant_id, post_id,"
            + " platform, social_account_id, state, job_attempt, lease_owner, lease_until)"
            + " select u.target_id, u.tenant_id, u.post_id, u.platform, u.social_account_id, 'READY', u.job_attempt,"
            + " u.holder, now() + u.lease_ms * interval '1 ms'"
            + " from unnest(?, ?, ?, ?, ?, ?, ?, ?) as u(target_id, tenant_id, post_id, platform, social_account_id,"
            + " job_attempt, holder, lease_ms)"
            + " on conflict (target_id) do update set lease_owner = excluded.lease_owner,"
            + " lease_until = excluded.lease_until"
            + " where publish_ledger.lease_until is null or publish_ledger.lease_until < now() returning *)"
            + " select " + ENTRY_COLUMNS + " from t", Ledger::entry,
        column(ordered, t -> t.job().targetId()), column(ordered, t -> t.job().tenantId()),
        column(ordered, t -> t.job().postId()), column(ordered, t -> t.job().platform().name()),
        column(ordered, t -> t.job().socialAccountId()), column(ordered, t -> t.job().attempt()),
        column(ordered, t -> t.lease().holder()), column(ordered, t -> t.leaseFor().toMillis()))
        .stream().collect(Collectors.toMap(LedgerEntry::targetId, e -> e));
    return batch.stream().map(t -> Optional.ofNullable(taken.get(t.job().targetId()))).toList();
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
    List<Lease> ordered = leases.stream().sorted(LOCK_ORDER).toList();
    // Plain SQL: every running job's lease in one statement, each row found by its key (the ledger only grows, so a
    // search by holder would read all of it every renewal).
    return sql.batch("update publish_ledger l set lease_until = now() + ? * interval '1 ms'"
            + " from unnest(?, ?) as h(target_id, holder)"
            + " where l.target_id = h.target_id and l.lease_owner = h.holder returning l.target_id",
        rs -> rs.getObject(1), leaseFor.toMillis(), column(ordered, Lease::targetId), column(ordered, Lease::holder))
        .size();
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
    return sends.run(new Send(lease, jobAttempt, accountRef, objectId));
  }

  private List<Boolean> beginSendAll(List<Send> batch) {
    List<Send> ordered = batch.stream().sorted(Comparator.comparing(Send::lease, LOCK_ORDER)).toList();
    // Plain SQL: the moves and their attempt rows in one statement (BEGIN_SEND_ALL).
    Set<Moved> moved = Set.copyOf(sql.batch(BEGIN_SEND_ALL, Moved::read,
        column(ordered, s -> s.lease().targetId()), column(ordered, s -> s.lease().holder()),
        column(ordered, Send::jobAttempt), column(ordered, Send::accountRef), column(ordered, Send::objectId),
        column(ordered, s -> UUID.randomUUID()), Instant.now()));
    return batch.stream().map(s -> moved.contains(Moved.of(s.lease()))).toList();
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
    boolean moved = sents.run(new Sent(lease, externalId, externalUrl, commentFollows));
    if (moved && !commentFollows) {
      lease.markReleased();
    }
    return moved;
  }

  private List<Boolean> sentAll(List<Sent> batch) {
    List<Sent> ordered = batch.stream().sorted(Comparator.comparing(Sent::lease, LOCK_ORDER)).toList();
    // Plain SQL: the moves and the close of their attempt rows in one statement (SENT_ALL).
    Set<Moved> moved = Set.copyOf(sql.batch(SENT_ALL, Moved::read,
        column(ordered, s -> s.lease().targetId()), column(ordered, s -> s.lease().holder()),
        column(ordered, Sent::externalId), column(ordered, Sent::externalUrl), column(ordered, Sent::commentFollows),
        "SENT", null, null));
    return batch.stream().map(s -> moved.contains(Moved.of(s.lease()))).toList();
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
    // Plain SQL: a step on a SENT row, conditional on the lease and on the comment's own from-states.
    return sql.update(moveSql(SENT, Set.of(SENT), set) + " and comment_state in (" + quoted(from) + ")",
        parameters) == 1;
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
        + CLOSE_ATTEMPTS + " select tries from moved", rs -> rs.getInt(1), parameters);
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

  /**
   * One conditional UPDATE of many rows: to {@code to}, only from {@code from} and only for each lease's holder. The
   * rows come from arrays, {@code unnest(target ids, holders, ...)} as {@code u(target_id, holder, columns)}, bound
   * in that order; {@code set} reads them as {@code u.column}.
   */
  private static String movesSql(LedgerState to, Set<LedgerState> from, String set, String columns) {
    String arrays = String.join(", ", Collections.nCopies(columns.split(",").length + 2, "?"));
    return "update publish_ledger l set state = '" + to.name() + "', " + set + ", updated_at = now()"
        + " from unnest(" + arrays + ") as u(target_id, holder, " + columns + ")"
        + " where l.target_id = u.target_id and l.lease_owner = u.holder and l.state in (" + quoted(from) + ")";
  }

  /** One conditional UPDATE: to {@code to}, only from {@code from} and only for the lease's holder. */
  private static String moveSql(LedgerState to, Set<LedgerState> from, String set) {
    return "update publish_ledger set state = '" + to.name() + "', " + set + ", updated_at = now()"
        + " where target_id = ? and lease_owner = ? and state in (" + quoted(from) + ")";
  }

  /** States as SQL literals for {@code in (...)}: the ledger's own names, never a caller's text. */
  private static String quoted(Set<?> states) {
    return states.stream().map(state -> "'" + state + "'").collect(Collectors.joining(", "));
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
