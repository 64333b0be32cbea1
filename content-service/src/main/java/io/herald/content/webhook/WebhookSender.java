package io.herald.content.webhook;

import io.herald.content.config.ContentConfig;
import io.herald.content.db.Sql;
import io.herald.content.schedule.LoopRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers pending webhook events: signs each body ({@code Herald-Signature: t=<unix>,v1=<hex HMAC-SHA256 of
 * "t.body">}), POSTs it, and on anything but a 2xx retries with exponential backoff until {@code give-up-after}.
 * Deliveries are leased (their next attempt is pushed out) before sending, so replicas never send one concurrently.
 */
@ApplicationScoped
public class WebhookSender {
  static final String LOOP = "webhook-sender";

  private final Sql sql;
  private final WebhookCrypto crypto;
  private final ContentConfig config;
  private final MeterRegistry metrics;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  WebhookSender(Sql sql, WebhookCrypto crypto, ContentConfig config, MeterRegistry metrics) {
    this.sql = sql;
    this.crypto = crypto;
    this.config = config;
    this.metrics = metrics;
  }

  void onStart(@Observes StartupEvent event, LoopRunner loops) {
    loops.start(LOOP, Duration.ofMillis(500), this::deliverDue);
  }

  record Due(UUID id, String event, String payload, int attempts, Instant createdAt, String url, String secretEnc) {}

  /** Sends what is due; answers how many deliveries were attempted. */
  public int deliverDue() {
    Instant now = Instant.now();
    List<Due> due = QuarkusTransaction.requiringNew().call(() -> {
      List<Due> rows = sql.query("""
          select d.id, d.event, d.payload, d.attempts, d.created_at, w.url, w.secret_enc
          from webhook_deliveries d join webhooks w on w.id = d.webhook_id
          where d.status = 'PENDING' and d.next_attempt_at <= ? order by d.next_attempt_at limit 20
          for update of d skip locked""",
          rs -> new Due(Sql.uuid(rs, "id"), rs.getString("event"), rs.getString("payload"), rs.getInt("attempts"),
              Sql.instant(rs, "created_at"), rs.getString("url"), rs.getString("secret_enc")), now);
      Instant lease = now.plus(config.webhooks().requestTimeout().multipliedBy(3));
      rows.forEach(d -> sql.update("update webhook_deliveries set next_attempt_at = ? where id = ?", lease, d.id()));
      return rows;
    });
    due.forEach(this::deliver);
    return due.size();
  }

  private void deliver(Due delivery) {
    int attempt = delivery.attempts() + 1;
    Integer status = null;
    String error = null;
    try {
      long timestamp = Instant.now().getEpochSecond();
      String signature = "t=" + timestamp + ",v1=" + sign(crypto.decrypt(delivery.secretEnc()), timestamp + "." + delivery.payload());
      HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
          .timeout(config.webhooks().requestTimeout())
          .header("Content-Type", "application/json")
          .header("User-Agent", "Herald-Webhooks/1")
          .header("Herald-Event", delivery.event())
          .header("Herald-Delivery", delivery.id().toString())
          .header("Herald-Signature", signature)
          .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
          .build();
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status < 200 || status >= 300) {
        error = "the endpoint answered " + status;
      }
    } catch (IOException | RuntimeException e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    }
    record(delivery, attempt, status, error);
  }

  private void record(Due delivery, int attempt, Integer status, String error) {
    Instant now = Instant.now();
    if (error == null) {
      sql.update("update webhook_deliveries set status = 'DELIVERED', attempts = ?, last_status_code = ?, last_error = null, "
          + "delivered_at = ? where id = ?", attempt, status, now, delivery.id());
      metrics.counter("herald_webhook_deliveries_total", "outcome", "delivered").increment();
      return;
    }
    Instant next = now.plus(backoff(attempt, config.webhooks().initialBackoff(), config.webhooks().maxBackoff()));
    boolean givingUp = next.isAfter(delivery.createdAt().plus(config.webhooks().giveUpAfter()));
    sql.update("update webhook_deliveries set status = ?, attempts = ?, last_status_code = ?, last_error = ?, "
        + "next_attempt_at = ? where id = ?", givingUp ? "FAILED" : "PENDING", attempt, status, error, next, delivery.id());
    metrics.counter("herald_webhook_deliveries_total", "outcome", givingUp ? "given_up" : "retry_scheduled").increment();
    Log.infof("Webhook delivery %s (%s) attempt %d failed: %s%s", delivery.id(), delivery.event(), attempt, error,
        givingUp ? "; giving up" : "; next attempt at " + next);
  }

  /** The pause after the given failed attempt: initial, doubling per attempt, capped. */
  static Duration backoff(int attempt, Duration initial, Duration max) {
    Duration delay = initial.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 30));
    return delay.compareTo(max) > 0 ? max : delay;
  }

  static String sign(String secret, String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
