package io.herald.content.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.content.db.Sql;
import io.herald.content.post.PostRepository;
import io.herald.content.post.PostStatus;
import io.herald.content.post.PostTarget;
import io.herald.content.post.TargetStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
  public static final String POST_UNKNOWN_OUTCOME = "post.unknown_outcome";
  public static final String ACCOUNT_NEEDS_REAUTH = "account.needs_reauth";
  public static final Set<String> ALL = Set.of(POST_PUBLISHED, POST_FAILED, POST_PARTIALLY_PUBLISHED,
      POST_UNKNOWN_OUTCOME, ACCOUNT_NEEDS_REAUTH);

  private final Sql sql;
  private final PostRepository posts;
  private final ObjectMapper json;

  WebhookEvents(Sql sql, PostRepository posts, ObjectMapper json) {
    this.sql = sql;
    this.posts = posts;
    this.json = json;
  }

  /**
   * Emits what a target's move means to the tenant (call in the transaction that moved it, with its post locked):
   * {@code post.unknown_outcome} when the target became UNKNOWN_OUTCOME, and {@code post.published|failed|
   * partially_published} when its post just finished.
   */
  public void targetMoved(PostTarget before, Instant now) {
    List<PostTarget> targets = posts.targets(before.postId());
    PostTarget after = targets.stream().filter(t -> t.id().equals(before.id())).findFirst().orElseThrow();
    if (after.status() == TargetStatus.UNKNOWN_OUTCOME && before.status() != TargetStatus.UNKNOWN_OUTCOME) {
      var data = new LinkedHashMap<String, Object>();
      data.put("postId", after.postId());
      data.put("targetId", after.id());
      data.put("socialAccountId", after.socialAccountId());
      data.put("platform", after.platform());
      data.put("attempt", after.attempt());
      data.put("errorCode", after.lastErrorCode());
      data.put("errorMessage", after.lastErrorMessage());
      emit(after.tenantId(), POST_UNKNOWN_OUTCOME, data, now);
    }
    PostStatus postBefore = PostStatus.derive(targets.stream()
        .map(t -> t.id().equals(before.id()) ? before.status() : t.status()).toList());
    PostStatus postAfter = PostStatus.derive(targets.stream().map(PostTarget::status).toList());
    if (postAfter != postBefore && postAfter.finished()) {
      emit(after.tenantId(), postEventOf(postAfter), postData(after.postId(), postAfter, targets), now);
    }
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

  private static Map<String, Object> postData(UUID postId, PostStatus status, List<PostTarget> targets) {
    var data = new LinkedHashMap<String, Object>();
    data.put("postId", postId);
    data.put("status", status);
    data.put("targets", targets.stream().map(t -> {
      var view = new LinkedHashMap<String, Object>();
      view.put("id", t.id());
      view.put("socialAccountId", t.socialAccountId());
      view.put("platform", t.platform());
      view.put("status", t.status());
      view.put("externalId", t.externalId());
      view.put("externalUrl", t.externalUrl());
      view.put("errorCode", t.lastErrorCode());
      return view;
    }).toList());
    return data;
  }

  private static String postEventOf(PostStatus status) {
    return switch (status) {
      case PUBLISHED -> POST_PUBLISHED;
      case FAILED -> POST_FAILED;
      default -> POST_PARTIALLY_PUBLISHED;
    };
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
