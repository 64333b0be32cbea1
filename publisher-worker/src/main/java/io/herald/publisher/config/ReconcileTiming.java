package io.herald.publisher.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start when {@code herald.publisher.retry.reconcile-delay} is not longer than the platform call timeout
 * (the platform REST clients' {@code read-timeout}) plus {@code commit-margin}: a reconcile that reads the platform
 * before a timed-out call could have landed and become visible would find nothing and send again.
 */
@ApplicationScoped
class ReconcileTiming {
  /** The REST clients of the platforms (their config keys). */
  private static final List<String> PLATFORM_CLIENTS = List.of("facebook-graph", "facebook-graph-video", "tiktok");
  /** Quarkus' REST client read timeout when none is configured (ms). */
  private static final long DEFAULT_READ_TIMEOUT = 30_000;

  void check(@Observes StartupEvent event, PublisherConfig publisher, Config config) {
    long fallback = config.getOptionalValue("quarkus.rest-client.read-timeout", Long.class)
        .orElse(DEFAULT_READ_TIMEOUT);
    Duration callTimeout = Duration.ZERO;
    for (String client : PLATFORM_CLIENTS) {
      var timeout = Duration.ofMillis(config.getOptionalValue("quarkus.rest-client." + client + ".read-timeout",
          Long.class).orElse(fallback));
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
