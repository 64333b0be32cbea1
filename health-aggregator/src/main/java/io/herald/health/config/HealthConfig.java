package io.herald.health.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything the health-aggregator can be told, under {@code herald.health} (env {@code HERALD_HEALTH_*}). */
@ConfigMapping(prefix = "herald.health")
public interface HealthConfig {

  /**
   * The Herald services to watch, {@code name=baseUrl,...}; each one's {@code /q/health} and {@code /q/metrics} are
   * polled.
   */
  String targets();

  /** The platforms to watch for reachability, {@code name=baseUrl,...}; any HTTP answer counts as reachable. */
  @WithDefault("")
  String platforms();

  /** How often every target is polled. */
  @WithDefault("10s")
  Duration interval();

  /** How long after start the first poll runs. */
  @WithDefault("1s")
  Duration firstPollDelay();

  /** How long one probe (health, metrics or reachability request) may take before the target counts as DOWN. */
  @WithDefault("3s")
  Duration timeout();

  /** The longest time one sample stands for; past it (the aggregator was not watching) time counts as unknown. */
  @WithDefault("5m")
  Duration maxSampleGap();

  /** How long samples, incidents and alert deliveries are kept. */
  @WithDefault("30d")
  Duration retention();

  /** How often the retention job purges old rows. */
  @WithDefault("1h")
  Duration purgeInterval();

  /**
   * How long the poll loop may go without completing a cycle before liveness reports it stuck; default 3 intervals +
   * timeout.
   */
  Optional<Duration> loopStaleAfter();

  /**
   * Alert webhooks, comma-separated; {@code slack=URL} sends Slack's {@code {"text"}} body, a bare URL or
   * {@code json=URL} Herald's JSON.
   */
  Optional<String> alertWebhooks();

  /** How many times one alert is attempted before it is recorded as FAILED. */
  @WithDefault("8")
  int alertMaxAttempts();

  /** The wait before the first retry of a failed alert; it doubles per attempt. */
  @WithDefault("5s")
  Duration alertInitialBackoff();

  /** The longest wait between two attempts of one alert. */
  @WithDefault("10m")
  Duration alertMaxBackoff();

  /** How often the alert dispatcher looks for due deliveries. */
  @WithDefault("1s")
  Duration alertTick();

  /** The length of one segment of the status page's 90-segment uptime bar; defaults to the poll interval. */
  Optional<Duration> barSegment();

  /** How often the status page reloads itself in the browser. */
  @WithDefault("30s")
  Duration pageRefresh();

  default Duration effectiveLoopStaleAfter() {
    return loopStaleAfter().orElse(interval().multipliedBy(3).plus(timeout()));
  }

  default Duration effectiveBarSegment() {
    return barSegment().orElse(interval());
  }
}
