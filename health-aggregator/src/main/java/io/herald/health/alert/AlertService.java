package io.herald.health.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.health.config.HealthConfig;
import io.herald.common.health.Heartbeats;
import io.herald.health.incident.Incident;
import io.herald.health.metrics.HealthMetrics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Alerts on state changes: a delivery per webhook is recorded in the same transaction as the incident change, then
 * the dispatcher POSTs it, retrying with exponential backoff until it is answered 2xx or the attempts run out.
 */
@ApplicationScoped
public class AlertService {
  static final String LOOP = "alert-dispatcher";

  static final int BATCH = 20;

  private final AlertRepository deliveries;
  private final Webhooks webhooks;
  private final ObjectMapper json;
  private final Clock clock;
  private final HealthConfig config;
  private final HealthMetrics metrics;
  private final Heartbeats heartbeats;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient http;

  AlertService(
      AlertRepository deliveries, Webhooks webhooks, ObjectMapper json, Clock clock, HealthConfig config,
      HealthMetrics metrics, Heartbeats heartbeats) {
    this.deliveries = deliveries;
    this.webhooks = webhooks;
    this.json = json;
    this.clock = clock;
    this.config = config;
    this.metrics = metrics;
    this.heartbeats = heartbeats;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.timeout())
        .executor(executor)
        .build();
  }

  void onStart(@Observes StartupEvent event) {
    // A round may wait for up to 20 deliveries' timeouts; ten missed ticks on top of that is a stuck dispatcher.
    heartbeats.register(LOOP, config.alertTick().multipliedBy(10).plus(config.timeout().multipliedBy(20)));
  }

  @PreDestroy
  void close() {
    http.shutdownNow();
    executor.shutdownNow();
  }

  /** Records one delivery per webhook for an incident that just started (DOWN) or ended (RECOVERED). */
  public void enqueue(Incident incident, String kind, String event, Instant now) {
    for (Webhook webhook : webhooks.all()) {
      deliveries.insert(incident.id(), incident.service(), event, webhook, body(incident, kind, event, webhook, now), now);
    }
  }

  @Scheduled(every = "${herald.health.alert-tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    try {
      deliverDue();
    } catch (RuntimeException e) {
      Log.warnf("Alert dispatch round failed: %s", e.getMessage());
    }
    heartbeats.beat(LOOP);
  }

  /** Attempts every delivery that is due now; answers how many were attempted. */
  public int deliverDue() {
    Instant now = clock.instant();
    List<Delivery> due = deliveries.due(now, BATCH);
    int attempted = 0;
    for (Delivery delivery : due) {
      if (deliveries.claim(delivery, now.plus(config.timeout().multipliedBy(2)))) {
        attempt(delivery, now);
        attempted++;
      }
    }
    return attempted;
  }

  private void attempt(Delivery delivery, Instant now) {
    var webhook = webhooks.byId(delivery.webhookId());
    if (webhook.isEmpty()) {
      deliveries.recordAttempt(delivery.id(), "FAILED", null, "webhook no longer configured", now, null);
      metrics.alertAttempt("failed");
      return;
    }
    Integer code = null;
    String error;
    try {
      var request = HttpRequest.newBuilder(webhook.get().url())
          .timeout(config.timeout())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
          .build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      code = response.statusCode();
      if (code / 100 == 2) {
        deliveries.recordAttempt(delivery.id(), "DELIVERED", code, null, now, now);
        metrics.alertAttempt("delivered");
        Log.infof("Alert %s for %s delivered to %s", delivery.event(), delivery.service(), delivery.webhookHost());
        return;
      }
      error = "HTTP " + code;
    } catch (HttpTimeoutException e) {
      error = "no answer within " + config.timeout().toMillis() + " ms";
    } catch (java.io.IOException e) {
      error = "unreachable (" + e.getClass().getSimpleName() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    }
    int attempts = delivery.attempts() + 1;
    if (attempts >= config.alertMaxAttempts()) {
      deliveries.recordAttempt(delivery.id(), "FAILED", code, error, now, null);
      metrics.alertAttempt("failed");
      Log.warnf("Alert %s for %s to %s given up after %d attempts: %s",
          delivery.event(), delivery.service(), delivery.webhookHost(), attempts, error);
    } else {
      Instant next = now.plus(backoff(attempts));
      deliveries.recordAttempt(delivery.id(), "PENDING", code, error, next, null);
      metrics.alertAttempt("retried");
      Log.infof("Alert %s for %s to %s failed (%s), attempt %d; next at %s",
          delivery.event(), delivery.service(), delivery.webhookHost(), error, attempts, next);
    }
  }

  /** The wait after the {@code attempts}-th failed attempt: initial backoff doubled per attempt, capped. */
  Duration backoff(int attempts) {
    Duration wait = config.alertInitialBackoff();
    for (int i = 1; i < attempts && wait.compareTo(config.alertMaxBackoff()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(config.alertMaxBackoff()) > 0 ? config.alertMaxBackoff() : wait;
  }

  private String body(Incident incident, String kind, String event, Webhook webhook, Instant now) {
    String text = text(incident, event, now);
    Map<String, Object> body = new LinkedHashMap<>();
    if (webhook.format() == Webhook.Format.SLACK) {
      body.put("text", text);
    } else {
      body.put("event", event);
      body.put("service", incident.service());
      body.put("kind", kind);
      body.put("status", "DOWN".equals(event) ? "DOWN" : "UP");
      body.put("at", now.toString());
      body.put("incidentId", incident.id().toString());
      body.put("startedAt", incident.startedAt().toString());
      if (incident.endedAt() != null) {
        body.put("endedAt", incident.endedAt().toString());
        body.put("durationSeconds", incident.duration(now).toSeconds());
      }
      body.put("failedChecks", incident.failedChecks());
      if (incident.error() != null) {
        body.put("error", incident.error());
      }
      body.put("text", text);
    }
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(Incident incident, String event, Instant now) {
    if ("DOWN".equals(event)) {
      String why = !incident.failedChecks().isEmpty()
          ? "failed checks: " + String.join(", ", incident.failedChecks())
          : incident.error() != null ? incident.error() : "reported DOWN";
      return ":red_circle: Herald: " + incident.service() + " is DOWN since " + incident.startedAt() + " (" + why + ")";
    }
    return ":large_green_circle: Herald: " + incident.service() + " recovered at " + incident.endedAt()
        + " after " + human(incident.duration(now));
  }

  public static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s % 60 == 0 ? (s / 60) + "m" : (s / 60) + "m " + (s % 60) + "s";
    }
    if (s < 86_400) {
      return (s / 3600) + "h " + (s % 3600 / 60) + "m";
    }
    return (s / 86_400) + "d " + (s % 86_400 / 3600) + "h";
  }
}
