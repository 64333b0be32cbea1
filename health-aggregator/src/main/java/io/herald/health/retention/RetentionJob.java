package io.herald.health.retention;

import io.herald.common.loop.LoopRunner;
import io.herald.health.alert.AlertRepository;
import io.herald.health.config.HealthConfig;
import io.herald.health.incident.IncidentRepository;
import io.herald.health.sample.SampleRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** Deletes samples, ended incidents and settled alert deliveries older than {@code herald.health.retention}. */
@ApplicationScoped
public class RetentionJob {
  static final String LOOP = "retention";

  private static final Duration FIRST_PURGE_DELAY = Duration.ofMinutes(1);

  private final SampleRepository samples;
  private final IncidentRepository incidents;
  private final AlertRepository alerts;
  private final HealthConfig config;
  private final Clock clock;

  RetentionJob(
      SampleRepository samples, IncidentRepository incidents, AlertRepository alerts, HealthConfig config,
      Clock clock) {
    this.samples = samples;
    this.incidents = incidents;
    this.alerts = alerts;
    this.config = config;
    this.clock = clock;
  }

  /** Purges a minute after start, then every {@code purge-interval}; stuck when silent for two intervals. */
  void start(@Observes StartupEvent event, LoopRunner loops) {
    var first = new AtomicBoolean(true);
    loops.start(LOOP, config.purgeInterval().multipliedBy(2).plus(FIRST_PURGE_DELAY), () -> {
      if (first.getAndSet(false)) {
        return FIRST_PURGE_DELAY;
      }
      purge();
      return config.purgeInterval();
    });
  }

  /** Purges what is older than the retention period; answers the number of samples deleted. */
  public long purge() {
    Instant before = clock.instant().minus(config.retention());
    long deletedSamples = samples.purgeBefore(before);
    long deletedAlerts = alerts.purgeSettledBefore(before);
    long deletedIncidents = incidents.purgeEndedBefore(before);
    if (deletedSamples + deletedAlerts + deletedIncidents > 0) {
      Log.infof("Retention: deleted %d samples, %d incidents, %d alert deliveries older than %s",
          deletedSamples, deletedIncidents, deletedAlerts, before);
    }
    return deletedSamples;
  }
}
