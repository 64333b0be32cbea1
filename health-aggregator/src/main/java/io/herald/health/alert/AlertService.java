package io.herald.health.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.common.delivery.Attempt;
import io.herald.common.delivery.DeliveryClient;
import io.herald.common.delivery.DeliveryDispatcher;
import io.herald.common.delivery.DeliveryStore;
import io.herald.common.delivery.OutgoingRequest;
import io.herald.common.delivery.RetryPolicy;
import io.herald.common.loop.Backoff;
import io.herald.common.loop.LoopRunner;
import io.herald.health.alert.AlertDelivery.Event;
import io.herald.health.alert.AlertDelivery.Status;
import io.herald.health.config.HealthConfig;
import io.herald.health.config.Target;
import io.herald.health.incident.Incident;
import io.herald.health.metrics.HealthMetrics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alerts on state changes: a delivery per webhook is recorded in the same transaction as the incident change; the
 * dispatcher loop (common's {@link DeliveryDispatcher}) sends what is due, retrying with doubling backoff until it
 * is answered 2xx or the attempts run out. This class is the part that is the aggregator's own: the deliveries
 * table, the bodies, what is counted and logged (a webhook by its host only: its URL may be a secret).
 */
@ApplicationScoped
public class AlertService implements DeliveryStore<AlertDelivery> {
  static final String LOOP = "alert-dispatcher";

  static final int BATCH = 20;

  private final AlertRepository deliveries;
  private final Webhooks webhooks;
  private final ObjectMapper json;
  private final Clock clock;
  private final HealthConfig config;
  private final HealthMetrics metrics;
  private final DeliveryClient client;

  AlertService(
      AlertRepository deliveries, Webhooks webhooks, ObjectMapper json, Clock clock, HealthConfig config,
      HealthMetrics metrics, Vertx vertx) {
    this.deliveries = deliveries;
    this.webhooks = webhooks;
    this.json = json;
    this.clock = clock;
    this.config = config;
    this.metrics = metrics;
    this.client = new DeliveryClient(vertx, config.timeout());
  }

  void start(@Observes StartupEvent event, LoopRunner loops) {
    var policy = new RetryPolicy(
        Backoff.doubling(config.alertInitialBackoff(), config.alertMaxBackoff()), config.alertMaxAttempts(),
        config.retention());
    // A claimed delivery is out of other replicas' reach for two timeouts (an attempt takes at most one).
    var dispatcher = new DeliveryDispatcher<>(this, client, policy, config.timeout().multipliedBy(2), BATCH, clock);
    // Stuck: silent for ten ticks plus a timeout per delivery of a batch (the bound the dispatcher always had).
    Duration stuckAfter = config.alertTick().multipliedBy(10).plus(config.timeout().multipliedBy(BATCH));
    loops.every(LOOP, config.alertTick(), stuckAfter, dispatcher::deliverDue);
  }

  @PreDestroy
  void close() {
    client.close();
  }

  /** Records one delivery per webhook for an incident that just started (DOWN) or ended (RECOVERED). */
  public void enqueue(Incident incident, Target.Kind kind, Event event, Instant now) {
    for (Webhook webhook : webhooks.all()) {
      String body = body(incident, kind, event, webhook, now);
      deliveries.persist(AlertDelivery.pending(incident, event, webhook, body, now));
    }
  }

  /** The due deliveries; those whose webhook was removed from the config fail at once, unsent. */
  @Override
  public List<AlertDelivery> claimDue(Instant now, int limit, Instant leaseUntil) {
    var due = new ArrayList<AlertDelivery>();
    for (AlertDelivery delivery : deliveries.claimDue(now, limit, leaseUntil)) {
      if (webhooks.byId(delivery.webhookId).isPresent()) {
        due.add(delivery);
      } else {
        deliveries.recordAttempt(delivery.id, Status.FAILED, new Attempt(null, "webhook no longer configured"), now,
            null);
        metrics.alertAttempt("failed");
      }
    }
    return due;
  }

  @Override
  public OutgoingRequest request(AlertDelivery delivery) {
    Webhook webhook = webhooks.byId(delivery.webhookId).orElseThrow();
    return new OutgoingRequest(webhook.url(), Map.of("Content-Type", "application/json"), delivery.body);
  }

  @Override
  public int attemptsSoFar(AlertDelivery delivery) {
    return delivery.attempts;
  }

  @Override
  public Instant createdAt(AlertDelivery delivery) {
    return delivery.createdAt;
  }

  @Override
  public void delivered(AlertDelivery delivery, Attempt attempt, Instant at) {
    deliveries.recordAttempt(delivery.id, Status.DELIVERED, attempt, at, at);
    metrics.alertAttempt("delivered");
    Log.infof("Alert %s for %s delivered to %s", delivery.event, delivery.service, delivery.webhookHost);
  }

  @Override
  public void retryAt(AlertDelivery delivery, Attempt attempt, Instant next) {
    deliveries.recordAttempt(delivery.id, Status.PENDING, attempt, next, null);
    metrics.alertAttempt("retried");
    Log.infof("Alert %s for %s to %s failed (%s), attempt %d; next at %s",
        delivery.event, delivery.service, delivery.webhookHost, attempt.error(), delivery.attempts + 1, next);
  }

  @Override
  public void givenUp(AlertDelivery delivery, Attempt attempt, Instant at) {
    deliveries.recordAttempt(delivery.id, Status.FAILED, attempt, at, null);
    metrics.alertAttempt("failed");
    Log.warnf("Alert %s for %s to %s given up after %d attempts: %s",
        delivery.event, delivery.service, delivery.webhookHost, delivery.attempts + 1, attempt.error());
  }

  private String body(Incident incident, Target.Kind kind, Event event, Webhook webhook, Instant now) {
    String text = text(incident, event, now);
    Map<String, Object> body = new LinkedHashMap<>();
    if (webhook.format() == Webhook.Format.SLACK) {
      body.put("text", text);
    } else {
      body.put("event", event.name());
      body.put("service", incident.service);
      body.put("kind", kind.name());
      body.put("status", event == Event.DOWN ? "DOWN" : "UP");
      body.put("at", now.toString());
      body.put("incidentId", incident.id.toString());
      body.put("startedAt", incident.startedAt.toString());
      if (incident.endedAt != null) {
        body.put("endedAt", incident.endedAt.toString());
        body.put("durationSeconds", incident.duration(now).toSeconds());
      }
      body.put("failedChecks", incident.failedChecks);
      if (incident.error != null) {
        body.put("error", incident.error);
      }
      body.put("text", text);
    }
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(Incident incident, Event event, Instant now) {
    if (event == Event.DOWN) {
      String why = !incident.failedChecks.isEmpty()
          ? "failed checks: " + String.join(", ", incident.failedChecks)
          : incident.error != null ? incident.error : "reported DOWN";
      return ":red_circle: Herald: " + incident.service + " is DOWN since " + incident.startedAt + " (" + why + ")";
    }
    return ":large_green_circle: Herald: " + incident.service + " recovered at " + incident.endedAt
        + " after " + human(incident.duration(now));
  }

  /** 3725 s -> "1h 2m": how the alerts and the status page write a duration. */
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
