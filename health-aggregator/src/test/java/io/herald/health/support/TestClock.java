package io.herald.health.support;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The aggregator's clock in tests: real time until a test sets it, then exactly what the test says. */
@Alternative
@Priority(1)
@Singleton
public class TestClock extends Clock {
  private final AtomicReference<Instant> fixed = new AtomicReference<>();

  public void set(Instant instant) {
    fixed.set(instant);
  }

  public Instant advance(Duration by) {
    return fixed.updateAndGet(i -> (i == null ? Instant.now() : i).plus(by));
  }

  @Override
  public Instant instant() {
    Instant f = fixed.get();
    return f == null ? Instant.now() : f;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
