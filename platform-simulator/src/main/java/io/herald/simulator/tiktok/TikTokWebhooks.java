package io.herald.simulator.tiktok;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.simulator.config.SimulatorConfig;
import io.herald.simulator.control.ControlException;
import io.herald.simulator.core.Endpoint;
import io.herald.simulator.fault.FaultMode;
import io.herald.simulator.fault.FaultRule;
import io.herald.simulator.fault.FaultService;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TikTok's publish webhooks: when a publish reaches its final status, its events are POSTed to the registered
 * callback, signed as TikTok documents it ({@code TikTok-Signature: t=<unix>,s=<hex HMAC-SHA256 of "t.body">},
 * keyed by the client secret). Delivery is asynchronous and at-least-once: a non-2xx answer or a connection error
 * is retried with doubling pauses, up to {@code webhook-attempts} tries. A {@code tiktok.webhook} fault drops (FAIL)
 * or delays (DELAY) an event.
 */
@ApplicationScoped
@Startup
public class TikTokWebhooks {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /** Where events go; a null secret or key means the configured one (key: else the publishing token's client). */
  public record Registration(String url, String clientSecret, String clientKey) {}

  /** What {@code GET /_sim/tiktok/webhooks} shows of one event's delivery. */
  public record View(long id, String event, String publishId, String url, String outcome, Integer statusCode,
      int tries, String lastError, Instant createdTime, String body) {}

  private final SimulatorConfig.TikTok config;
  private final FaultService faults;
  private final ObjectMapper json;
  private final AtomicReference<Registration> registration = new AtomicReference<>();
  private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
  private final AtomicLong ids = new AtomicLong();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("sim-tiktok-webhooks").factory());

  TikTokWebhooks(SimulatorConfig config, FaultService faults, ObjectMapper json) {
    this.config = config.tiktok();
    this.faults = faults;
    this.json = json;
    this.registration.set(configured());
  }

  /** Sends events to {@code url} from now on; without a configured client secret one must be given. */
  public void register(String url, String clientSecret, String clientKey) {
    if (url == null || !url.matches("(?i)https?://\\S+")) {
      throw ControlException.invalid("url", "must be an absolute http(s) URL");
    }
    if (config.clientSecret().isEmpty() && (clientSecret == null || clientSecret.isBlank())) {
      throw ControlException.invalid("clientSecret",
          "is required to sign events unless herald.simulator.tiktok.client-secret is configured");
    }
    registration.set(new Registration(url, clientSecret, clientKey));
  }

  /** Stops sending: no new events, and retries still pending are cancelled. */
  public void unregister() {
    registration.set(null);
    deliveries.forEach(Delivery::cancel);
  }

  /** Back to the configured callback (if any), with no deliveries. */
  public void reset() {
    unregister();
    deliveries.clear();
    registration.set(configured());
  }

  public List<View> list() {
    return deliveries.stream().map(Delivery::view).toList();
  }

  /** Queues the events of a publish that reached its final status (none without a registered callback). */
  public void publishFinished(TikTokPublish publish, TikTokPublish.Status status) {
    Registration target = registration.get();
    if (target == null) {
      return;
    }
    for (var event : events(publish, status)) {
      var delivery = new Delivery(ids.incrementAndGet(), target, event.getKey(), publish.publishId(),
          body(target, publish, event.getKey(), event.getValue()));
      deliveries.add(delivery);
      Optional<FaultRule> fault = faults.fire(Endpoint.TIKTOK_WEBHOOK);
      if (fault.isPresent() && fault.get().mode() == FaultMode.FAIL) {
        delivery.drop();
      } else {
        schedule(delivery, fault.map(FaultRule::latencyMs).orElse(0L));
      }
    }
  }

  private static List<Map.Entry<String, Map<String, Object>>> events(TikTokPublish publish,
      TikTokPublish.Status status) {
    var content = new LinkedHashMap<String, Object>();
    content.put("publish_id", publish.publishId());
    content.put("publish_type", publish.publishType());
    return switch (status.status()) {
      case "PUBLISH_COMPLETE" -> {
        if (status.publicPostIds().isEmpty()) {
          yield List.of(Map.entry("post.publish.complete", content));
        }
        var available = new LinkedHashMap<>(content);
        available.put("post_id", status.publicPostIds().getFirst().toString());
        yield List.of(Map.entry("post.publish.complete", content),
            Map.entry("post.publish.publicly_available", available));
      }
      case "SEND_TO_USER_INBOX" -> List.of(Map.entry("post.publish.inbox_delivered", content));
      default -> {
        content.put("reason", status.failReason());
        yield List.of(Map.entry("post.publish.failed", content));
      }
    };
  }

  private String body(Registration target, TikTokPublish publish, String event, Map<String, Object> content) {
    var body = new LinkedHashMap<String, Object>();
    body.put("client_key", target.clientKey() != null ? target.clientKey()
        : config.clientKey().orElse(publish.clientKey()));
    body.put("event", event);
    body.put("create_time", Instant.now().getEpochSecond());
    body.put("user_openid", publish.openId());
    try {
      body.put("content", json.writeValueAsString(content));
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void schedule(Delivery delivery, long delayMs) {
    executor.schedule(() -> attempt(delivery), delayMs, TimeUnit.MILLISECONDS);
  }

  private void attempt(Delivery delivery) {
    if (!delivery.startTry()) {
      return;
    }
    long timestamp = Instant.now().getEpochSecond();
    String secret = config.clientSecret().orElse(delivery.target.clientSecret());
    var request = HttpRequest.newBuilder(URI.create(delivery.target.url()))
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .header("TikTok-Signature", "t=" + timestamp + ",s=" + sign(secret, timestamp + "." + delivery.body))
        .POST(HttpRequest.BodyPublishers.ofString(delivery.body, StandardCharsets.UTF_8))
        .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
      boolean delivered = error == null && response.statusCode() / 100 == 2;
      delivery.record(error == null ? response.statusCode() : null, error == null ? null : error.toString(), delivered);
      if (!delivered && delivery.tries() < config.webhookAttempts()) {
        schedule(delivery, config.webhookBackoff().toMillis() << Math.min(delivery.tries() - 1, 20));
      } else if (!delivered) {
        delivery.giveUp();
        Log.infof("TikTok webhook %s for %s given up after %d tries", delivery.event, delivery.publishId,
            delivery.tries());
      }
    });
  }

  /** The documented signature: lowercase hex HMAC-SHA256 of {@code "<t>.<raw body>"} keyed by the client secret. */
  static String sign(String secret, String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Registration configured() {
    if (config.webhookUrl().isPresent() && config.clientSecret().isEmpty()) {
      throw new IllegalStateException(
          "herald.simulator.tiktok.webhook-url needs herald.simulator.tiktok.client-secret to sign events with");
    }
    return config.webhookUrl().map(url -> new Registration(url, null, null)).orElse(null);
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
    http.shutdownNow();
  }

  /** One event on its way: PENDING, then DELIVERED, FAILED (tries used up), DROPPED (fault) or CANCELLED. */
  private static final class Delivery {
    private final long id;
    private final Registration target;
    private final String event;
    private final String publishId;
    private final String body;
    private final Instant createdTime = Instant.now();
    private String outcome = "PENDING";
    private Integer statusCode;
    private String lastError;
    private int tries;

    Delivery(long id, Registration target, String event, String publishId, String body) {
      this.id = id;
      this.target = target;
      this.event = event;
      this.publishId = publishId;
      this.body = body;
    }

    /** Counts a try; false once the delivery is no longer pending. */
    synchronized boolean startTry() {
      if (!outcome.equals("PENDING")) {
        return false;
      }
      tries++;
      return true;
    }

    synchronized void record(Integer status, String error, boolean delivered) {
      statusCode = status;
      lastError = error;
      if (delivered && outcome.equals("PENDING")) {
        outcome = "DELIVERED";
      }
    }

    synchronized int tries() {
      return tries;
    }

    synchronized void giveUp() {
      end("FAILED");
    }

    synchronized void drop() {
      end("DROPPED");
    }

    synchronized void cancel() {
      end("CANCELLED");
    }

    private void end(String result) {
      if (outcome.equals("PENDING")) {
        outcome = result;
      }
    }

    synchronized View view() {
      return new View(id, event, publishId, target.url(), outcome, statusCode, tries, lastError, createdTime, body);
    }
  }
}
