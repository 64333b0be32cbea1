package io.herald.content.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.content.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Records an event for every webhook of the tenant subscribed to it, as pending deliveries written in the caller's
 * transaction (so an event is delivered if and only if the change that caused it committed).
 */
@ApplicationScoped
public class WebhookEvents {
  public static final String POST_PUBLISHED = "post.published";
  public static final String POST_FAILED = "post.failed";
  public static final String POST_PARTIALLY_PUBLISHED = "post.partially_published";
  public static final String ACCOUNT_NEEDS_REAUTH = "account.needs_reauth";
  public static final Set<String> ALL = Set.of(POST_PUBLISHED, POST_FAILED, POST_PARTIALLY_PUBLISHED, ACCOUNT_NEEDS_REAUTH);

  private final Sql sql;
  private final ObjectMapper json;

  WebhookEvents(Sql sql, ObjectMapper json) {
    this.sql = sql;
    this.json = json;
  }

  public void emit(UUID tenantId, String event, Map<String, Object> data, Instant now) {
    var hooks = sql.query("select id, events from webhooks where tenant_id = ?",
        rs -> Map.entry(Sql.uuid(rs, "id"), Set.of(rs.getString("events").split(","))), tenantId);
    for (var hook : hooks) {
      if (!hook.getValue().contains(event)) {
        continue;
      }
      UUID deliveryId = UUID.randomUUID();
      var body = new LinkedHashMap<String, Object>();
      body.put("id", deliveryId);
      body.put("type", event);
      body.put("createdAt", now.toString());
      body.put("data", data);
      sql.update("""
          insert into webhook_deliveries (id, tenant_id, webhook_id, event, payload, status, next_attempt_at, created_at)
          values (?, ?, ?, ?, ?, 'PENDING', ?, ?)""", deliveryId, tenantId, hook.getKey(), event, write(body), now, now);
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
