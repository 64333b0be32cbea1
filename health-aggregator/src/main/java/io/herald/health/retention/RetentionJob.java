package io.herald.health.retention;

import io.herald.health.alert.AlertRepository;
import io.herald.health.config.HealthConfig;
import io.herald.health.incident.IncidentRepository;
import io.herald.health.sample.SampleRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/** Deletes samples, ended incidents and settled alert deliveries older than {@code herald.health.retention}. */
@ApplicationScoped
public class RetentionJob {
  private final SampleRepository samples;
  private final IncidentRepository incidents;
  private final AlertRepository alerts;
  private final HealthConfig config;
  private final Clock clock;

  RetentionJob(SampleRepository samples, IncidentRepository incidents, AlertRepository alerts, HealthConfig config, Clock clock) {
    this.samples = samples;
    this.incidents = incidents;
    this.alerts = alerts;
    this.config = config;
    this.clock = clock;
  }

  @Scheduled(every = "${herald.health.purge-interval}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    try {
      purge();
    } catch (RuntimeException e) {
      Log.warnf("Retention purge failed: %s", e.getMessage());
    }
  }

  /** Purges what is older than the retention period; answers the number of samples deleted. */
  public int purge() {
    Instant before = clock.instant().minus(config.retention());
    int deletedSamples = samples.purgeBefore(before);
    int deletedAlerts = alerts.purgeCreatedBefore(before);
    int deletedIncidents = incidents.purgeEndedBefore(before);
    if (deletedSamples + deletedAlerts + deletedIncidents > 0) {
      Log.infof("Retention: deleted %d samples, %d incidents, %d alert deliveries older than %s",
          deletedSamples, deletedIncidents, deletedAlerts, before);
    }
    return deletedSamples;
  }
}
