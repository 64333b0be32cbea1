package io.herald.content.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** When each background loop last finished a round; liveness reads it. */
@ApplicationScoped
public class Heartbeats {
  private final Map<String, Instant> lastBeat = new ConcurrentHashMap<>();
  private final Clock clock = Clock.systemUTC();

  /** A loop announces itself (counts as a beat, so a loop that never completes a round goes stale). */
  public void register(String loop) {
    lastBeat.putIfAbsent(loop, clock.instant());
  }

  public void beat(String loop) {
    lastBeat.put(loop, clock.instant());
  }

  /** Age of every registered loop's last beat, by name. */
  public Map<String, Duration> ages() {
    Instant now = clock.instant();
    var ages = new TreeMap<String, Duration>();
    lastBeat.forEach((loop, at) -> ages.put(loop, Duration.between(at, now)));
    return ages;
  }
}
