package io.herald.simulator.tiktok;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** TikTok's per-token, per-endpoint request limits over a sliding minute. */
@ApplicationScoped
public class RateLimiter {
  private static final long WINDOW_MS = 60_000;
  private final Map<String, Deque<Long>> windows = new ConcurrentHashMap<>();

  /** Counts a request; false when the limit for this token and endpoint is already reached. */
  public boolean tryAcquire(String token, String endpoint, int perMinute) {
    Deque<Long> window = windows.computeIfAbsent(endpoint + " " + token, k -> new ArrayDeque<>());
    long now = System.currentTimeMillis();
    synchronized (window) {
      while (!window.isEmpty() && window.peekFirst() <= now - WINDOW_MS) {
        window.pollFirst();
      }
      if (window.size() >= perMinute) {
        return false;
      }
      window.addLast(now);
      return true;
    }
  }

  public void reset() {
    windows.clear();
  }
}
