package io.herald.health.status;

import io.herald.common.problem.ProblemException;
import io.herald.health.config.HealthConfig;
import io.herald.health.config.Target;
import io.herald.health.config.Targets;
import io.herald.health.incident.IncidentRepository;
import io.herald.health.metrics.Window;
import io.herald.health.probe.Status;
import io.herald.health.sample.Bucket;
import io.herald.health.sample.SampleRepository;
import io.herald.health.status.dto.HistoryView;
import io.herald.health.status.dto.IncidentView;
import io.herald.health.status.dto.IncidentsView;
import io.herald.health.status.dto.ServiceView;
import io.herald.health.status.dto.StatusView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the recorded history into what the API and the status page show. */
@ApplicationScoped
public class StatusService {
  /** The most steps one history answer may hold. */
  static final int MAX_STEPS = 2000;
  /** The longest history step (a year): longer ones cannot fill a bar and overflow millisecond arithmetic. */
  static final Duration MAX_STEP = Duration.ofDays(366);

  private final Targets targets;
  private final SampleRepository samples;
  private final IncidentRepository incidents;
  private final HealthConfig config;
  private final Clock clock;

  StatusService(
      Targets targets, SampleRepository samples, IncidentRepository incidents, HealthConfig config, Clock clock) {
    this.targets = targets;
    this.samples = samples;
    this.incidents = incidents;
    this.config = config;
    this.clock = clock;
  }

  public Instant now() {
    return clock.instant();
  }

  public StatusView status() {
    Instant now = clock.instant();
    List<ServiceView> services = targets.all().stream().map(t -> service(t, now)).toList();
    long serviceCount = services.stream().filter(s -> s.kind().equals("SERVICE")).count();
    long servicesDown = services.stream().filter(s -> s.kind().equals("SERVICE") && s.status().equals("DOWN")).count();
    long platformsDown =
        services.stream().filter(s -> s.kind().equals("PLATFORM") && s.status().equals("DOWN")).count();
    boolean anyKnown = services.stream().anyMatch(s -> !s.status().equals("UNKNOWN"));
    String status;
    String summary;
    if (!anyKnown) {
      status = "UNKNOWN";
      summary = "No data yet";
    } else if (servicesDown > 0) {
      status = "DOWN";
      summary = servicesDown == serviceCount
          ? "Major outage: every service is down"
          : "Partial outage: " + servicesDown + " of " + serviceCount + " services down";
    } else if (platformsDown > 0) {
      status = "DEGRADED";
      summary = "Degraded: " + platformsDown + (platformsDown == 1 ? " platform is" : " platforms are")
          + " unreachable";
    } else {
      status = "UP";
      summary = "All systems operational";
    }
    return new StatusView(status, summary, now, services);
  }

  public ServiceView service(Target target, Instant now) {
    var latest = samples.latest(target.name(), now)
        .filter(s -> Duration.between(s.at, now).compareTo(config.maxSampleGap()) <= 0);
    Map<String, Double> uptime = new LinkedHashMap<>();
    for (Window window : Window.values()) {
      var observed = samples.uptime(target.name(), now.minus(window.length()), now, config.maxSampleGap());
      uptime.put(window.label(), observed.ratio());
    }
    Long mttr = incidents.meanTimeToRecovery(target.name(), now.minus(Window.MONTH.length()), now)
        .map(Duration::toSeconds).orElse(null);
    IncidentView open = incidents.findOpen(target.name()).map(i -> IncidentView.of(i, now)).orElse(null);
    if (latest.isEmpty()) {
      return new ServiceView(
          target.name(), target.kind().name(), "UNKNOWN", null, null, null, List.of(), null, uptime, mttr, open);
    }
    var s = latest.get();
    return new ServiceView(
        target.name(), target.kind().name(), s.status.name(), s.at, (long) s.latencyMs, s.error, s.checks,
        s.resources, uptime, mttr, open);
  }

  public HistoryView history(String service, Instant from, Instant to, Duration step) {
    Target target = target(service);
    if (!from.isBefore(to)) {
      throw ProblemException.badParameter("from", "must be before 'to'");
    }
    if (step.compareTo(Duration.ofSeconds(1)) < 0 || step.compareTo(MAX_STEP) > 0) {
      throw ProblemException.badParameter("step", "must be from 1 second to " + MAX_STEP.toDays() + " days");
    }
    long steps = (Duration.between(from, to).toMillis() + step.toMillis() - 1) / step.toMillis();
    if (steps > MAX_STEPS) {
      throw ProblemException.badParameter(
          "step", "gives " + steps + " steps over this range; at most " + MAX_STEPS + " are allowed");
    }
    List<HistoryView.Step> rows = samples.history(target.name(), from, to, step, config.maxSampleGap()).stream()
        .map(StatusService::step).toList();
    var total = samples.uptime(target.name(), from, to, config.maxSampleGap());
    return new HistoryView(target.name(), from, to, step.toSeconds(), total.ratio(), rows);
  }

  /** The 90-segment bar of the status page: one step per configured segment, ending now. */
  public List<HistoryView.Step> bar(String service, Instant now) {
    Duration segment = config.effectiveBarSegment();
    return samples.history(service, now.minus(segment.multipliedBy(90)), now, segment, config.maxSampleGap()).stream()
        .map(StatusService::step).toList();
  }

  public IncidentsView incidents(String service, Instant from, Instant to) {
    if (service != null) {
      target(service);
    }
    if (!from.isBefore(to)) {
      throw ProblemException.badParameter("from", "must be before 'to'");
    }
    Instant now = clock.instant();
    List<IncidentView> items = incidents.list(service, from, to).stream().map(i -> IncidentView.of(i, now)).toList();
    Long mttr = incidents.meanTimeToRecovery(service, from, to).map(Duration::toSeconds).orElse(null);
    return new IncidentsView(from, to, items, mttr);
  }

  public List<IncidentView> openIncidents() {
    Instant now = clock.instant();
    return targets.all().stream()
        .flatMap(t -> incidents.findOpen(t.name()).stream())
        .map(i -> IncidentView.of(i, now))
        .toList();
  }

  public Target target(String service) {
    return targets.byName(service).orElseThrow(() -> ProblemException.notFound("Service '" + service + "'"));
  }

  private static HistoryView.Step step(Bucket b) {
    Double ratio = b.uptime().ratio();
    String status = ratio == null ? "NO_DATA"
        : ratio >= 1.0 ? Status.UP.name()
        : ratio <= 0.0 ? Status.DOWN.name()
        : "PARTIAL";
    return new HistoryView.Step(
        b.from(), b.to(), status, ratio, Math.round(b.uptime().observedSeconds()), b.samples(), b.downSamples(),
        b.avgLatencyMs());
  }
}
