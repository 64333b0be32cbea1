package io.herald.health.health;

import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.MetricsScrape;
import io.herald.health.config.Targets;
import io.herald.health.metrics.Window;
import io.herald.health.support.OwnProbesProfile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rates and alerts over the aggregator's meters read 0 (or NaN before the first probe), not "no data", from the
 * start; Prometheus's linter agrees.
 */
@QuarkusTest
@TestProfile(OwnProbesProfile.class)
@WithTestResource(HeraldInfraResource.class)
class MetricsExportTest {
  @TestHTTPResource("/q/metrics") URL metrics;
  @Inject Targets targets;

  @Test
  void everyMeterIsExportedForEveryWatchedServiceWithADescription() {
    int services = targets.all().size();
    MetricsScrape.of(metrics).assertSeries("herald_", Map.of(
        "herald_service_up", services,
        "herald_health_check_duration_seconds_count", services,
        "herald_service_uptime_ratio", services * Window.values().length,
        "herald_health_alert_deliveries_total", 3));
  }

  @Test
  void promtoolFindsNothingToSayAboutHeraldSeries() {
    MetricsScrape.of(metrics).assertPromtoolAccepts("herald_");
  }
}
