package io.herald.health.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The aggregator's own background loops report here each time they complete a round; liveness reads it. */
@ApplicationScoped
public class LoopHeartbeats {
  public static final String POLLER = "poll-loop";
  public static final String ALERTS = "alert-dispatcher";

  private final Clock clock;
  private final Instant started;
  private final Map<String, Instant> beats = new ConcurrentHashMap<>();

  LoopHeartbeats(Clock clock) {
    this.clock = clock;
    this.started = clock.instant();
  }

  public void beat(String loop) {
    beats.put(loop, clock.instant());
  }

  /** The last round of a loop, or the start of the service if it has not completed one yet. */
  public Instant last(String loop) {
    return beats.getOrDefault(loop, started);
  }
}
