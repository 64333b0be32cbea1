package io.herald.publisher.health;

import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.MetricsScrape;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.facebook.FacebookPost;
import io.herald.publisher.metrics.PublisherMetrics;
import io.herald.publisher.queue.JobStreams;
import io.herald.publisher.support.PlatformFakes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rates and alerts over the worker's meters read 0, not "no data", from the start; Prometheus's linter agrees. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class MetricsExportTest {
  @TestHTTPResource("/q/metrics") URL metrics;

  @Test
  void everyMeterIsExportedWithEveryTagValueAndADescription() {
    int platforms = Platform.values().length;
    MetricsScrape.of(metrics).assertSeries("herald_", Map.ofEntries(
        // a result's outcome, deferred, stale, dead
        Map.entry("herald_publish_attempts_total", platforms * (ResultOutcome.values().length + 3)),
        Map.entry("herald_job_failures_total", 4),
        Map.entry("herald_jobs_limited_total", 2 * 2),
        // TikTok's five publish events and "other", by five results
        Map.entry("herald_tiktok_webhooks_total", 6 * 5),
        Map.entry("herald_publish_duration_seconds_count", platforms),
        Map.entry("herald_publish_duration_seconds_max", platforms),
        Map.entry("herald_queue_lag", JobStreams.JOB_STREAMS.size()),
        Map.entry("herald_queue_oldest_job_age_seconds", JobStreams.JOB_STREAMS.size()),
        // Facebook's kinds of post and TikTok's video and photo, by the four final outcomes
        Map.entry("herald_publish_outcomes_total", (FacebookPost.Kind.values().length + 2) * 4),
        Map.entry("herald_first_comments_total", ResultMessage.FirstCommentStatus.values().length),
        // the ledger's take, send and sent, each run for many jobs in one statement
        Map.entry("herald_ledger_batch_size_count", PublisherMetrics.LEDGER_BATCHED_MOVES.size()),
        Map.entry("herald_ledger_batch_size_sum", PublisherMetrics.LEDGER_BATCHED_MOVES.size()),
        Map.entry("herald_ledger_batch_size_max", PublisherMetrics.LEDGER_BATCHED_MOVES.size()),
        Map.entry("herald_jobs_in_flight", 1),
        Map.entry("herald_jobs_waiting", 1),
        Map.entry("herald_jobs_delayed", 1),
        Map.entry("herald_jobs_dead", 1),
        Map.entry("herald_circuit_breaker_state", platforms)));
  }

  @Test
  void promtoolFindsNothingToSayAboutHeraldSeries() {
    MetricsScrape.of(metrics).assertPromtoolAccepts("herald_");
  }
}
