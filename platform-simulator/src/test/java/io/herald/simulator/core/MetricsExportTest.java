package io.herald.simulator.core;

import io.herald.common.testing.MetricsScrape;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator's call counter exists for every endpoint and outcome from the start; Prometheus's linter agrees. */
@QuarkusTest
class MetricsExportTest {
  @TestHTTPResource("/q/metrics") URL metrics;

  @Test
  void everyEndpointsCounterIsExportedWithADescription() {
    MetricsScrape.of(metrics).assertSeries("herald_",
        Map.of("herald_simulator_requests_total", Endpoint.values().length * 3));
  }

  @Test
  void promtoolFindsNothingToSayAboutHeraldSeries() {
    MetricsScrape.of(metrics).assertPromtoolAccepts("herald_");
  }
}
