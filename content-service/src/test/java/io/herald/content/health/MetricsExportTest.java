package io.herald.content.health;

import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.MetricsScrape;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rates and alerts over content-service's meters read 0, not "no data", from the start; Prometheus's linter agrees. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class MetricsExportTest {
  @TestHTTPResource("/q/metrics") URL metrics;

  @Test
  void everyMeterIsExportedWithEveryTagValueAndADescription() {
    MetricsScrape.of(metrics).assertSeries("herald_", Map.ofEntries(
        Map.entry("herald_posts_created_total", Priority.values().length),
        Map.entry("herald_outbox_relayed_total", 1),
        Map.entry("herald_outbox_backlog", 1),
        Map.entry("herald_results_applied_total", ResultOutcome.values().length),
        Map.entry("herald_results_ignored_total", 2),
        Map.entry("herald_results_dead_total", 1),
        Map.entry("herald_reconciler_requeued_total", 1),
        Map.entry("herald_targets_unknown_outcome", 1),
        Map.entry("herald_webhook_deliveries_total", 3),
        Map.entry("herald_rate_limited_total", 1),
        Map.entry("herald_rate_limit_errors_total", 1),
        Map.entry("herald_cache_redis_operations_total", 3 + 2 + 2)));
  }

  @Test
  void promtoolFindsNothingToSayAboutHeraldSeries() {
    MetricsScrape.of(metrics).assertPromtoolAccepts("herald_");
  }
}
