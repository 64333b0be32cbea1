package io.herald.simulator.facebook;

import io.herald.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Facebook delays in force: configured ({@code video-processing-time}, {@code feed-visibility-delay}) unless a
 * test changed them through {@code PUT /_sim/facebook/timing}. Each post takes the values in force when it is
 * created (processing) or published (visibility).
 */
@ApplicationScoped
public class FacebookTiming {

  /**
   * @param videoProcessingTime how long a new video stays {@code processing}
   * @param feedVisibilityDelay how long after publishing a post shows on feed reads
   */
  public record Timing(Duration videoProcessingTime, Duration feedVisibilityDelay) {}

  private final Timing configured;
  private final AtomicReference<Timing> current;

  FacebookTiming(SimulatorConfig config) {
    this.configured = new Timing(config.facebook().videoProcessingTime(), config.facebook().feedVisibilityDelay());
    this.current = new AtomicReference<>(configured);
  }

  public Timing get() {
    return current.get();
  }

  /** Overrides the given values (null = the configured one); answers what is now in force. */
  public Timing set(Duration videoProcessingTime, Duration feedVisibilityDelay) {
    var timing = new Timing(Objects.requireNonNullElse(videoProcessingTime, configured.videoProcessingTime()),
        Objects.requireNonNullElse(feedVisibilityDelay, configured.feedVisibilityDelay()));
    current.set(timing);
    return timing;
  }

  public void reset() {
    current.set(configured);
  }
}
