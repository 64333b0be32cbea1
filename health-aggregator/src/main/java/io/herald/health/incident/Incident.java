package io.herald.health.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A period during which a target was DOWN.
 *
 * @param endedAt      null while the incident lasts
 * @param failedChecks the checks that reported DOWN when it started
 * @param error        why the target could not be read, if it could not
 */
public record Incident(UUID id, String service, Instant startedAt, Instant endedAt, List<String> failedChecks, String error) {

  public boolean open() {
    return endedAt == null;
  }

  /** How long it lasted, or has lasted until {@code now} while open. */
  public Duration duration(Instant now) {
    return Duration.between(startedAt, endedAt == null ? now : endedAt);
  }
}
