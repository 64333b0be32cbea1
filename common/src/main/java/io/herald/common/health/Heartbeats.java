package io.herald.common.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a service's background loops (scheduler, relay, consumers, pollers...) report that they are still turning.
 * A loop beats after every round, also after a failed one (a missing Redis is not a stuck loop), and
 * {@link LoopsLivenessCheck} turns liveness DOWN when one has been silent longer than its bound.
 * Uses the application's {@link Clock} bean when there is one, so tests can drive time.
 */
@ApplicationScoped
public class Heartbeats {
  /** A loop's last beat and how long it may stay silent. */
  public record Loop(Instant lastBeat, Duration stuckAfter) {}

  private final Map<String, Loop> loops = new ConcurrentHashMap<>();
  private final Clock clock;

  Heartbeats(Instance<Clock> clock) {
    this.clock = clock.isResolvable() ? clock.get() : Clock.systemUTC();
  }

  /** Starts watching a loop, as if it had just beaten: it must beat again within {@code stuckAfter}. */
  public void register(String loop, Duration stuckAfter) {
    loops.put(loop, new Loop(clock.instant(), stuckAfter));
  }

  public void beat(String loop) {
    beat(loop, clock.instant());
  }

  /** Records a beat made at {@code at}; beats of loops that are not registered are ignored. */
  public void beat(String loop, Instant at) {
    loops.computeIfPresent(loop, (name, last) -> new Loop(at, last.stuckAfter()));
  }

  /** Stops watching a loop that ended on purpose (shutdown). */
  public void remove(String loop) {
    loops.remove(loop);
  }

  /** Every watched loop, by name. */
  public Map<String, Loop> loops() {
    return new TreeMap<>(loops);
  }

  Instant now() {
    return clock.instant();
  }
}
