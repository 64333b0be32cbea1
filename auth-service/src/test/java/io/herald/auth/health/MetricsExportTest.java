package io.herald.auth.health;

import io.herald.auth.support.PlatformFake;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.MetricsScrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rates and alerts over auth-service's counters read 0, not "no data", from the start; Prometheus's linter agrees. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class MetricsExportTest {
  @TestHTTPResource("/q/metrics") URL metrics;

  @Test
  void everyCounterIsExportedWithEveryOutcomeAndADescription() {
    MetricsScrape.of(metrics).assertSeries("herald_", Map.of(
        "herald_auth_logins_total", 3,
        "herald_auth_token_grants_total", 6 * 2,
        "herald_auth_token_refreshes_total", 3,
        "herald_auth_account_connects_total", 2 * 5));
  }

  @Test
  void promtoolFindsNothingToSayAboutHeraldSeries() {
    MetricsScrape.of(metrics).assertPromtoolAccepts("herald_");
  }
}
