package io.herald.health.metrics;

import io.herald.common.metrics.CounterFamily;
import io.herald.health.config.Target;
import io.herald.health.config.Targets;
import io.herald.health.probe.Probe;
import io.herald.health.probe.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The aggregator's domain metrics. Tags are the configured target names and fixed windows/outcomes, so they stay
 * bounded. Every series is registered at start.
 * <ul>
 *   <li>{@code herald_service_up{service}}: 1 when the last probe was UP, 0 when DOWN, NaN before the first</li>
 *   <li>{@code herald_health_check_duration_seconds{service}}: latency of the health probe</li>
 *   <li>{@code herald_service_uptime_ratio{service,window}}: time-weighted uptime over 1h, 24h, 7d, 30d</li>
 *   <li>{@code herald_health_alert_deliveries_total{outcome}}: alert attempts delivered, retried or given up</li>
 * </ul>
 */
@Startup
@ApplicationScoped
public class HealthMetrics {
  private final CounterFamily alertDeliveries;
  private final Map<String, Double> up = new ConcurrentHashMap<>();
  private final Map<String, Double> uptime = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();

  HealthMetrics(MeterRegistry registry, Targets targets) {
    alertDeliveries = CounterFamily.builder("herald_health_alert_deliveries_total",
            "Alert delivery attempts by outcome: delivered, retried, failed")
        .tag("outcome", "delivered", "retried", "failed").register(registry);
    for (Target target : targets.all()) {
      String name = target.name();
      Gauge.builder("herald_service_up", up, m -> m.getOrDefault(name, Double.NaN))
          .description("1 when the service's last health probe was UP, 0 when DOWN")
          .tag("service", name)
          .register(registry);
      durations.put(name, Timer.builder("herald_health_check_duration_seconds")
          .description("How long the service took to answer its health probe")
          .tag("service", name)
          .register(registry));
      for (Window window : Window.values()) {
        String key = name + "/" + window.label();
        Gauge.builder("herald_service_uptime_ratio", uptime, m -> m.getOrDefault(key, Double.NaN))
            .description("Time-weighted share of the window the service was UP")
            .tags("service", name, "window", window.label())
            .register(registry);
      }
    }
  }

  public void probed(Probe probe) {
    up.put(probe.target().name(), probe.status() == Status.UP ? 1.0 : 0.0);
    Timer timer = durations.get(probe.target().name());
    if (timer != null) {
      timer.record(Duration.ofMillis(probe.latencyMs()));
    }
  }

  public void uptime(String service, Window window, Double ratio) {
    uptime.put(service + "/" + window.label(), ratio == null ? Double.NaN : ratio);
  }

  public void alertAttempt(String outcome) {
    alertDeliveries.increment(outcome);
  }
}
