package io.herald.content.webhook;

import io.herald.common.problem.Problem.FieldError;
import io.herald.common.problem.ProblemException;
import io.herald.content.config.ContentConfig;
import io.herald.content.db.Sql;
import io.herald.content.webhook.WebhookDtos.CreateWebhookRequest;
import io.herald.content.webhook.WebhookDtos.CreatedWebhookView;
import io.herald.content.webhook.WebhookDtos.DeliveryView;
import io.herald.content.webhook.WebhookDtos.WebhookView;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Registration of tenant webhooks and their delivery log, always within one tenant. */
@ApplicationScoped
public class WebhookService {
  private final Sql sql;
  private final WebhookCrypto crypto;
  private final ContentConfig config;

  WebhookService(Sql sql, WebhookCrypto crypto, ContentConfig config) {
    this.sql = sql;
    this.crypto = crypto;
    this.config = config;
  }

  public CreatedWebhookView create(UUID tenantId, CreateWebhookRequest request) {
    var errors = new ArrayList<FieldError>();
    if (!acceptableUrl(request.url())) {
      errors.add(new FieldError("url", config.webhooks().allowInsecureLocalhost()
          ? "must be an absolute https URL (or http://localhost)" : "must be an absolute https URL"));
    }
    for (int i = 0; i < request.events().size(); i++) {
      if (!WebhookEvents.ALL.contains(request.events().get(i))) {
        errors.add(new FieldError("events[" + i + "]", "must be one of " + String.join(", ",
            WebhookEvents.ALL.stream().sorted().toList())));
      }
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(422, "validation", "Unprocessable Content",
          String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList()), errors, Map.of());
    }
    List<String> events = request.events().stream().distinct().sorted().toList();
    String secret = WebhookCrypto.newSecret();
    UUID id = UUID.randomUUID();
    Instant now = Instant.now();
    sql.update("insert into webhooks (id, tenant_id, url, events, secret_enc, created_at) values (?, ?, ?, ?, ?, ?)",
        id, tenantId, request.url(), String.join(",", events), crypto.encrypt(secret), now);
    return new CreatedWebhookView(id, request.url(), events, now, secret);
  }

  public List<WebhookView> list(UUID tenantId) {
    return sql.query("select id, url, events, created_at from webhooks where tenant_id = ? order by created_at",
        rs -> new WebhookView(Sql.uuid(rs, "id"), rs.getString("url"), List.of(rs.getString("events").split(",")),
            Sql.instant(rs, "created_at")), tenantId);
  }

  public WebhookView get(UUID tenantId, UUID id) {
    return list(tenantId).stream().filter(w -> w.id().equals(id)).findFirst()
        .orElseThrow(() -> ProblemException.notFound("Webhook " + id));
  }

  public void delete(UUID tenantId, UUID id) {
    if (sql.update("delete from webhooks where tenant_id = ? and id = ?", tenantId, id) == 0) {
      throw ProblemException.notFound("Webhook " + id);
    }
  }

  public List<DeliveryView> deliveries(UUID tenantId, UUID id) {
    get(tenantId, id);
    return sql.query("""
        select id, event, status, attempts, last_status_code, last_error, created_at, next_attempt_at, delivered_at
        from webhook_deliveries where tenant_id = ? and webhook_id = ? order by created_at desc limit 100""",
        rs -> new DeliveryView(Sql.uuid(rs, "id"), rs.getString("event"), rs.getString("status"), rs.getInt("attempts"),
            (Integer) rs.getObject("last_status_code"), rs.getString("last_error"), Sql.instant(rs, "created_at"),
            "PENDING".equals(rs.getString("status")) ? Sql.instant(rs, "next_attempt_at") : null,
            Sql.instant(rs, "delivered_at")),
        tenantId, id);
  }

  boolean acceptableUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getHost() == null || uri.getHost().isBlank()) {
        return false;
      }
      if (scheme.equals("https")) {
        return true;
      }
      return scheme.equals("http") && config.webhooks().allowInsecureLocalhost()
          && Set.of("localhost", "127.0.0.1").contains(uri.getHost());
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
