package io.herald.content.post;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.hibernate.Timeouts;
import org.hibernate.jpa.SpecHints;

/**
 * Where the targets of posts are stored. The batches of the background loops take their rows
 * {@code FOR UPDATE SKIP LOCKED} (a pessimistic lock with Hibernate's skip-locked timeout), so any number of
 * replicas share the work without waiting on each other.
 */
@ApplicationScoped
public class TargetRepository implements PanacheRepositoryBase<PostTarget, UUID> {
  /**
   * Where a batch of the reconciler ended, in (time, id) order: {@code status_changed_at} of in-flight targets,
   * {@code operation_enqueued_at} of pending operations.
   */
  public record Position(Instant at, UUID id) {
    public static final Position START = new Position(Instant.EPOCH, new UUID(0, 0));
  }

  /** The targets of a post, in request order. */
  public List<PostTarget> ofPost(UUID postId) {
    return list("postId = ?1 order by position", postId);
  }

  /** The targets of several posts (one page of a list), each post's in request order. */
  public List<PostTarget> ofPosts(Collection<UUID> postIds) {
    return postIds.isEmpty() ? List.of() : list("postId in ?1 order by position", postIds);
  }

  /** A post's targets, locked until the transaction ends (after their post, see {@link PostRepository#lock}). */
  List<PostTarget> lockOfPost(UUID postId) {
    return find("postId = ?1 order by position", postId).withLock(LockModeType.PESSIMISTIC_WRITE).list();
  }

  /**
   * The posts of these targets and every target of those posts, locked until the transaction ends: the posts first,
   * in id order (like every writer, and so two batches never wait on each other in a circle), then their targets.
   * Unknown target ids are left out.
   */
  public List<PostTarget> lockWithPosts(Collection<UUID> targetIds) {
    if (targetIds.isEmpty()) {
      return List.of();
    }
    List<UUID> postIds = getEntityManager().createQuery("select p.id from Post p where p.id in (select t.postId"
            + " from PostTarget t where t.id in :targets) order by p.id", UUID.class)
        .setParameter("targets", targetIds).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    return postIds.isEmpty() ? List.of()
        : find("postId in ?1 order by postId, position", postIds).withLock(LockModeType.PESSIMISTIC_WRITE).list();
  }

  /**
   * The scheduler's {@link TargetMove#QUEUE} for every target due at {@code now}, up to {@code limit}, in one
   * statement: takes the due SCHEDULED targets oldest first ({@code FOR UPDATE SKIP LOCKED}: rows another replica
   * holds are skipped), moves them to QUEUED with their next attempt and answers them as they now are, oldest due
   * first (the rows are locked until the transaction ends). The one status write outside {@link PostTarget#move}: a
   * bulk move with the same from/to states, which the schema's trigger checks row by row.
   */
  @SuppressWarnings("unchecked")
  public List<PostTarget> queueDue(Instant now, int limit) {
    // A native UPDATE ... RETURNING (Panache cannot express SKIP LOCKED in an update): one round trip instead of a
    // locking select and an update per target; the returned rows become managed entities in their new state.
    List<PostTarget> queued = getEntityManager().createNativeQuery("""
            update post_targets t
            set status = :to, attempt = t.attempt + 1, status_changed_at = :now, last_error_code = null,
                last_error_message = null
            from (select id from post_targets where status in (:from) and due_at <= :now
                  order by due_at limit :limit for update skip locked) due
            where t.id = due.id
            returning t.*""", PostTarget.class)
        .setParameter("to", TargetMove.QUEUE.to().name())
        .setParameter("from", TargetMove.QUEUE.from().stream().map(Enum::name).toList())
        .setParameter("now", now)
        .setParameter("limit", limit)
        .getResultList();
    return queued.stream().sorted(Comparator.comparing((PostTarget t) -> t.dueAt).thenComparing(t -> t.id)).toList();
  }

  /**
   * QUEUED or PUBLISHING targets unchanged since before {@code cutoff} whose job left the outbox, after
   * {@code after} in (status_changed_at, id) order, locked; rows another replica holds are skipped.
   */
  public List<PostTarget> lockInFlight(Instant cutoff, Position after, int limit) {
    return skipLocked(find("""
        from PostTarget t where t.status in ?1 and t.statusChangedAt < ?2
        and (t.statusChangedAt > ?3 or (t.statusChangedAt = ?3 and t.id > ?4))
        and not exists (select 1 from OutboxEntry o where o.targetId = t.id and o.sentAt is null)
        order by t.statusChangedAt, t.id""",
        List.of(TargetStatus.QUEUED, TargetStatus.PUBLISHING), cutoff, after.at(), after.id()), limit);
  }

  /**
   * Targets whose edit or delete is PENDING with its job written before {@code cutoff} and out of the outbox, after
   * {@code after} in (operation_enqueued_at, id) order, locked; rows another replica holds are skipped.
   */
  public List<PostTarget> lockOperationsInFlight(Instant cutoff, Position after, int limit) {
    return skipLocked(find("""
        from PostTarget t where t.operationStatus = ?1 and t.operationEnqueuedAt < ?2
        and (t.operationEnqueuedAt > ?3 or (t.operationEnqueuedAt = ?3 and t.id > ?4))
        and not exists (select 1 from OutboxEntry o where o.targetId = t.id and o.sentAt is null)
        order by t.operationEnqueuedAt, t.id""",
        TargetOperation.Status.PENDING, cutoff, after.at(), after.id()), limit);
  }

  public long countInStatus(TargetStatus status) {
    return count("status", status);
  }

  private static List<PostTarget> skipLocked(PanacheQuery<PostTarget> query, int limit) {
    return query.withLock(LockModeType.PESSIMISTIC_WRITE)
        .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI)
        .page(0, limit).list();
  }
}
