package io.herald.health.incident;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Incidents: opened and closed with the samples that cause them (SampleService), read by the status API. */
@ApplicationScoped
public class IncidentRepository implements PanacheRepositoryBase<Incident, UUID> {

  public Optional<Incident> findOpen(String service) {
    return find("service = ?1 and endedAt is null", service).firstResultOptional();
  }

  /** The incidents that overlap {@code [from, to)}, of one target or of all ({@code service} null), newest first. */
  public List<Incident> list(String service, Instant from, Instant to) {
    String where = "startedAt < ?1 and (endedAt is null or endedAt > ?2)";
    var sort = Sort.descending("startedAt").and("id");
    var query = service == null
        ? find(where, sort, to, from)
        : find(where + " and service = ?3", sort, to, from, service);
    return query.page(0, 1000).list();
  }

  /** Mean time to recovery: the average duration of the incidents that ended within {@code [from, to)}. */
  public Optional<Duration> meanTimeToRecovery(String service, Instant from, Instant to) {
    Double seconds = getEntityManager().createQuery("""
            select avg((endedAt - startedAt) by second) from Incident
            where endedAt >= :from and endedAt < :to and (:service is null or service = :service)
            """, Double.class)
        .setParameter("from", from).setParameter("to", to).setParameter("service", service)
        .getSingleResult();
    return Optional.ofNullable(seconds).map(s -> Duration.ofMillis(Math.round(s * 1000)));
  }

  /** Deletes the incidents that ended before {@code before} (their alert deliveries go with them); answers how many. */
  @Transactional
  public long purgeEndedBefore(Instant before) {
    return delete("endedAt < ?1", before);
  }
}
