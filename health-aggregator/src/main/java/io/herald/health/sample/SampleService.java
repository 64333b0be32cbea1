package io.herald.health.sample;

import io.herald.health.alert.AlertDelivery;
import io.herald.health.alert.AlertService;
import io.herald.health.incident.Incident;
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
    samples.persist(Sample.of(probe));
    String service = probe.target().name();
    var open = incidents.findOpen(service);
    if (probe.status() == Status.DOWN && open.isEmpty()) {
      var incident = Incident.start(service, probe.at(), probe.failedChecks(), probe.error());
      incidents.persist(incident);
      alerts.enqueue(incident, probe.target().kind(), AlertDelivery.Event.DOWN, probe.at());
      Log.warnf("%s is DOWN (failed checks %s%s)", service, probe.failedChecks(),
          probe.error() == null ? "" : ", " + probe.error());
    } else if (probe.status() == Status.UP && open.isPresent()) {
      var incident = open.get();
      incident.end(probe.at());
      alerts.enqueue(incident, probe.target().kind(), AlertDelivery.Event.RECOVERED, probe.at());
      Log.infof("%s recovered after %s", service, incident.duration(probe.at()));
    }
  }
}
