package io.herald.content.schedule;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.JobOperation;
import io.herald.common.stream.JobPayload;
import io.herald.content.post.Post;
import io.herald.content.post.PostTarget;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.Timeouts;
import org.hibernate.jpa.SpecHints;

/**
 * The transactional outbox: a job is written here in the same transaction as the status change that caused it,
 * and the {@link OutboxRelay} hands it to Redis afterwards, in the order written. The commit of a transaction that
 * wrote rows wakes this replica's relay ({@link OutboxSignal}).
 */
@ApplicationScoped
public class Outbox implements PanacheRepositoryBase<OutboxEntry, Long> {
  private static final Object SIGNAL_REGISTERED = new Object();

  private final TransactionSynchronizationRegistry transactions;
  private final OutboxSignal signal;

  Outbox(TransactionSynchronizationRegistry transactions, OutboxSignal signal) {
    this.transactions = transactions;
    this.signal = signal;
  }

  /**
   * Writes the job for one attempt of a target (call inside the transaction that changed the target), with the
   * content that target publishes (its own text, link and media where it overrides its post's);
   * {@code resendConfirmed}: the user asked to send it although the previous attempt's outcome was unknown.
   */
  public void enqueue(Post post, PostTarget target, int attempt, boolean resendConfirmed, Instant now) {
    var job = new JobMessage(UUID.randomUUID(), post.tenantId, post.id, target.id, attempt, target.platform,
        target.socialAccountId, now, post.traceparent,
        new JobPayload(target.textOf(post), target.linkOf(post), target.mediaOf(post), target.options),
        resendConfirmed);
    write(post, job, now);
  }

  /**
   * Writes the job of the edit or delete the target holds (its {@code operation}, {@code operationId} and, for an
   * edit, {@code operationText} as the payload's text), for the target's current attempt; call inside the transaction
   * that recorded the operation on the target, or that found its job lost.
   */
  public void enqueueOperation(Post post, PostTarget target, Instant now) {
    var job = new JobMessage(UUID.randomUUID(), post.tenantId, post.id, target.id, target.attempt, target.platform,
        target.socialAccountId, now, post.traceparent,
        new JobPayload(target.operationText, null, List.of(), target.options), false,
        new JobOperation(target.operation, target.operationId));
    write(post, job, now);
  }

  private void write(Post post, JobMessage job, Instant now) {
    var entry = new OutboxEntry();
    entry.tenantId = post.tenantId;
    entry.targetId = job.targetId();
    entry.attempt = job.attempt();
    entry.stream = post.priority.streamKey();
    entry.fields = job.toFields();
    entry.createdAt = now;
    persist(entry);
    signalAfterCommit();
  }

  /** The oldest unsent rows, locked; rows another relay replica holds are skipped (call inside a transaction). */
  List<OutboxEntry> lockUnsent(int limit) {
    return find("sentAt is null order by id").withLock(LockModeType.PESSIMISTIC_WRITE)
        .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI).page(0, limit).list();
  }

  /** Marks rows sent, in one statement. */
  void markSent(List<Long> ids, Instant at) {
    update("sentAt = ?1 where id in ?2", at, ids);
  }

  /** Rows not yet handed to Redis (its own transaction when called outside one, e.g. by readiness). */
  @Transactional
  public long backlog() {
    return count("sentAt is null");
  }

  /** Forgets rows sent long ago. */
  long purgeSentBefore(Instant cutoff) {
    return delete("sentAt is not null and sentAt < ?1", cutoff);
  }

  private void signalAfterCommit() {
    if (transactions.getResource(SIGNAL_REGISTERED) != null) {
      return;
    }
    transactions.putResource(SIGNAL_REGISTERED, Boolean.TRUE);
    transactions.registerInterposedSynchronization(new Synchronization() {
      @Override
      public void beforeCompletion() {}

      @Override
      public void afterCompletion(int status) {
        if (status == Status.STATUS_COMMITTED) {
          signal.committed();
        }
      }
    });
  }
}
