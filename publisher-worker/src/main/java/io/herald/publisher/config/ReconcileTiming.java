package io.herald.publisher.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start when {@code herald.publisher.retry.reconcile-delay} is not longer than the platform call timeout
 * plus {@code commit-margin}: a reconcile that reads the platform before a timed-out call could have landed and
 * become visible would find nothing and send again.
 */
@ApplicationScoped
class ReconcileTiming {
  /** The guarded platform clients, whose {@code @Timeout} is 10 s unless configured otherwise. */
  private static final String[] CLIENTS = {
    "io.herald.publisher.facebook.FacebookClient/call", "io.herald.publisher.tiktok.TikTokClient/call"};

  void check(@Observes StartupEvent event, PublisherConfig publisher, Config config) {
    Duration callTimeout = Duration.ZERO;
    for (String client : CLIENTS) {
      String prefix = "quarkus.fault-tolerance.\"" + client + "\".timeout.";
      long value = config.getOptionalValue(prefix + "value", Long.class).orElse(10L);
      ChronoUnit unit = config.getOptionalValue(prefix + "unit", String.class)
          .map(u -> ChronoUnit.valueOf(u.toUpperCase(Locale.ROOT))).orElse(ChronoUnit.SECONDS);
      Duration timeout = Duration.of(value, unit);
      callTimeout = timeout.compareTo(callTimeout) > 0 ? timeout : callTimeout;
    }
    Duration needed = callTimeout.plus(publisher.retry().commitMargin());
    if (publisher.retry().reconcileDelay().compareTo(needed) <= 0) {
      throw new IllegalStateException("herald.publisher.retry.reconcile-delay (" + publisher.retry().reconcileDelay()
          + ") must be longer than the platform call timeout (" + callTimeout + ") plus commit-margin ("
          + publisher.retry().commitMargin() + ")");
    }
  }
}
