package io.herald.health.incident;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A period during which a target was DOWN; at most one is open per target (a partial unique index keeps it so). */
@Entity
@Table(name = "incident")
public class Incident {
  @Id
  public UUID id;
  public String service;
  public Instant startedAt;
  /** Null while the incident lasts. */
  public Instant endedAt;
  /** The checks that reported DOWN when it started. */
  @JdbcTypeCode(SqlTypes.JSON)
  public List<String> failedChecks;
  /** Why the target could not be read, if it could not. */
  public String error;

  public static Incident start(String service, Instant at, List<String> failedChecks, String error) {
    var incident = new Incident();
    incident.id = UUID.randomUUID();
    incident.service = service;
    incident.startedAt = at;
    incident.failedChecks = List.copyOf(failedChecks);
    incident.error = error;
    return incident;
  }

  public void end(Instant at) {
    endedAt = at;
  }

  public boolean open() {
    return endedAt == null;
  }

  /** How long it lasted, or has lasted until {@code now} while open. */
  public Duration duration(Instant now) {
    return Duration.between(startedAt, endedAt == null ? now : endedAt);
  }
}
