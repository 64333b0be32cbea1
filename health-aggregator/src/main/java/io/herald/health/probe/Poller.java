package io.herald.health.probe;

import io.herald.common.health.Heartbeats;
import io.herald.common.loop.LoopRunner;
import io.herald.common.problem.ProblemException;
import io.herald.health.config.HealthConfig;
import io.herald.health.config.Target;
import io.herald.health.config.Targets;
import io.herald.health.metrics.HealthMetrics;
import io.herald.health.metrics.Window;
import io.herald.health.sample.SampleRepository;
import io.herald.health.sample.SampleService;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The poll loop: every interval, probes all targets concurrently (each with its timeout) and records each probe.
 * Tests drive it with {@link #pollAll()} or {@link #poll(String)}.
 */
@ApplicationScoped
public class Poller {
  static final String LOOP = "poll-loop";

  private static final Duration UPTIME_REFRESH = Duration.ofMinutes(1);

  private final Targets targets;
  private final ProbeClient client;
  private final SampleService recorder;
  private final SampleRepository samples;
  private final HealthMetrics metrics;
  private final Heartbeats heartbeats;
  private final HealthConfig config;
  private final Clock clock;
  private volatile Instant uptimeRefreshedAt = Instant.MIN;

  Poller(
      Targets targets, ProbeClient client, SampleService recorder, SampleRepository samples, HealthMetrics metrics,
      Heartbeats heartbeats, HealthConfig config, Clock clock) {
    this.targets = targets;
    this.client = client;
    this.recorder = recorder;
    this.samples = samples;
    this.metrics = metrics;
    this.heartbeats = heartbeats;
    this.config = config;
    this.clock = clock;
  }

  /** Polls {@code first-poll-delay} after start, then every {@code interval} (start to start). */
  void start(@Observes StartupEvent event, LoopRunner loops) {
    var first = new AtomicBoolean(true);
    loops.start(LOOP, config.effectiveLoopStaleAfter(), () -> {
      if (first.getAndSet(false)) {
        return config.firstPollDelay();
      }
      long started = System.nanoTime();
      pollAll();
      return config.interval().minusNanos(System.nanoTime() - started);
    });
  }

  /** Probes every target at once and records the results; answers them in configuration order. */
  public List<Probe> pollAll() {
    Instant at = clock.instant();
    List<CompletableFuture<Probe>> running = targets.all().stream().map(t -> client.probe(t, at)).toList();
    List<Probe> probes = running.stream().map(CompletableFuture::join).toList();
    for (Probe probe : probes) {
      try {
        record(probe);
      } catch (RuntimeException e) {
        Log.warnf("Could not record the probe of %s: %s", probe.target().name(), e.getMessage());
      }
    }
    // A round counts wherever it ran: in the loop, or driven by a test that moves the clock.
    heartbeats.beat(LOOP);
    refreshUptimeGauges();
    return probes;
  }

  /** Probes one target now and records the result. */
  public Probe poll(String name) {
    Target target = targets.byName(name).orElseThrow(() -> ProblemException.notFound("Service '" + name + "'"));
    Probe probe = client.probe(target, clock.instant()).join();
    record(probe);
    return probe;
  }

  private void record(Probe probe) {
    metrics.probed(probe);
    recorder.record(probe);
  }

  private void refreshUptimeGauges() {
    Instant now = clock.instant();
    if (uptimeRefreshedAt != Instant.MIN
        && Duration.between(uptimeRefreshedAt, now).abs().compareTo(UPTIME_REFRESH) < 0) {
      return;
    }
    uptimeRefreshedAt = now;
    for (Target target : targets.all()) {
      for (Window window : Window.values()) {
        var uptime = samples.uptime(target.name(), now.minus(window.length()), now, config.maxSampleGap());
        metrics.uptime(target.name(), window, uptime.ratio());
      }
    }
  }
}
