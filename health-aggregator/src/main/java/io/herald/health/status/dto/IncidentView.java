package io.herald.health.status.dto;

import io.herald.health.incident.Incident;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An incident as the API shows it; {@code durationSeconds} runs until now while it is open. */
public record IncidentView(
    UUID id, String service, boolean open, Instant startedAt, Instant endedAt, long durationSeconds,
    List<String> failedChecks, String error) {

  public static IncidentView of(Incident incident, Instant now) {
    return new IncidentView(
        incident.id, incident.service, incident.open(), incident.startedAt, incident.endedAt,
        incident.duration(now).toSeconds(), incident.failedChecks, incident.error);
  }
}
