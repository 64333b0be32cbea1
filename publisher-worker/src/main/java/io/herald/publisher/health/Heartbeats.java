package io.herald.publisher.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The last time each background loop reported it is alive; liveness reads them. */
@ApplicationScoped
public class Heartbeats {
  private final Map<String, Instant> beats = new ConcurrentHashMap<>();

  public void beat(String loop) {
    beat(loop, Instant.now());
  }

  /** Records a report made at {@code at}. */
  public void beat(String loop, Instant at) {
    beats.put(loop, at);
  }

  /** A loop that stopped on purpose (shutdown) no longer reports. */
  public void remove(String loop) {
    beats.remove(loop);
  }

  public Map<String, Instant> snapshot() {
    return Map.copyOf(beats);
  }
}
