package io.herald.health.alert;

import io.herald.common.delivery.Attempt;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.Timeouts;
import org.hibernate.jpa.SpecHints;

/** Alert deliveries: written with the state change that caused them, then worked off by the dispatcher. */
@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<AlertDelivery, UUID> {

  /**
   * The pending deliveries due at {@code now}, oldest first, each leased until {@code leaseUntil} (its next attempt
   * pushed out) so no other replica takes it meanwhile; rows another replica is claiming are skipped. Panache says it
   * with a lock and a lock timeout hint: Hibernate renders {@code for no key update ... skip locked}.
   */
  @Transactional
  public List<AlertDelivery> claimDue(Instant now, int limit, Instant leaseUntil) {
    List<AlertDelivery> due = find("status = ?1 and nextAttemptAt <= ?2", Sort.by("nextAttemptAt", "createdAt"),
            AlertDelivery.Status.PENDING, now)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI)
        .page(0, limit).list();
    due.forEach(d -> d.nextAttemptAt = leaseUntil);
    return due;
  }

  /** Records one attempt: {@code status} DELIVERED, FAILED, or PENDING again until {@code nextAttemptAt}. */
  @Transactional
  public void recordAttempt(
      UUID id, AlertDelivery.Status status, Attempt attempt, Instant nextAttemptAt, Instant deliveredAt) {
    update("status = ?1, attempts = attempts + 1, lastStatusCode = ?2, lastError = ?3, nextAttemptAt = ?4,"
        + " deliveredAt = ?5 where id = ?6", status, attempt.status(), attempt.error(), nextAttemptAt, deliveredAt, id);
  }

  /** The deliveries of one target, or of all when {@code service} is null, newest first. */
  public List<AlertDelivery> list(String service, int limit) {
    var sort = Sort.descending("createdAt").and("id");
    return (service == null ? findAll(sort) : find("service", sort, service)).page(0, limit).list();
  }

  /** Deletes the settled deliveries created before {@code before}; answers how many. */
  @Transactional
  public long purgeSettledBefore(Instant before) {
    return delete("createdAt < ?1 and status <> ?2", before, AlertDelivery.Status.PENDING);
  }
}
