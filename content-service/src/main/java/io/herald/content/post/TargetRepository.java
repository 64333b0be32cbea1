package io.herald.content.post;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
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
  /** Where a batch of in-flight targets ended, in (status_changed_at, id) order. */
  public record Position(Instant statusChangedAt, UUID id) {
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

  /** A target with its post, both locked until the transaction ends (the post first, like every writer). */
  public Optional<PostTarget> lockWithPost(UUID targetId) {
    getEntityManager().createQuery("select p.id from Post p where p.id = (select t.postId from PostTarget t"
            + " where t.id = :target)", UUID.class)
        .setParameter("target", targetId).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    return Optional.ofNullable(findById(targetId, LockModeType.PESSIMISTIC_WRITE));
  }

  /** SCHEDULED targets due at {@code now}, oldest first, locked; rows another replica holds are skipped. */
  public List<PostTarget> lockDue(Instant now, int limit) {
    return skipLocked(find("status = ?1 and dueAt <= ?2 order by dueAt", TargetStatus.SCHEDULED, now), limit);
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
        List.of(TargetStatus.QUEUED, TargetStatus.PUBLISHING), cutoff, after.statusChangedAt(), after.id()), limit);
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
