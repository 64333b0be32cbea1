package io.herald.health.sample;

import io.herald.health.alert.AlertService;
import io.herald.health.incident.IncidentRepository;
import io.herald.health.probe.Probe;
import io.herald.health.probe.Status;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Records a probe and what it changes: the sample, and on a state change the incident opened or closed together with
 * its alert deliveries, all in one transaction (so an alert is never recorded for a change that was not).
 */
@ApplicationScoped
public class SampleService {
  private final SampleRepository samples;
  private final IncidentRepository incidents;
  private final AlertService alerts;

  SampleService(SampleRepository samples, IncidentRepository incidents, AlertService alerts) {
    this.samples = samples;
    this.incidents = incidents;
    this.alerts = alerts;
  }

  @Transactional
  public void record(Probe probe) {
    samples.insert(probe);
    String service = probe.target().name();
    String kind = probe.target().kind().name();
    var open = incidents.findOpen(service);
    if (probe.status() == Status.DOWN && open.isEmpty()) {
      var incident = incidents.open(service, probe.at(), probe.failedChecks(), probe.error());
      alerts.enqueue(incident, kind, "DOWN", probe.at());
      Log.warnf("%s is DOWN (failed checks %s%s)", service, probe.failedChecks(),
          probe.error() == null ? "" : ", " + probe.error());
    } else if (probe.status() == Status.UP && open.isPresent()) {
      var closed = incidents.close(open.get(), probe.at());
      alerts.enqueue(closed, kind, "RECOVERED", probe.at());
      Log.infof("%s recovered after %s", service, closed.duration(probe.at()));
    }
  }
}
