package io.herald.content.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.content.post.PostStatus;
import io.herald.content.post.PostTarget;
import io.herald.content.post.TargetRepository;
import io.herald.content.post.TargetStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
  /** A target's Facebook first comment failed, or its outcome is unknown (the post itself was published). */
  public static final String POST_FIRST_COMMENT_FAILED = "post.first_comment_failed";
  /**
   * An account must be reconnected: a publish was refused for its token, or auth-service marked it (daily Page token
   * check, refused refresh); once per change ({@link AccountNotices}).
   */
  public static final String ACCOUNT_NEEDS_REAUTH = "account.needs_reauth";
  /** A user of the tenant disconnected an account (auth-service's {@code herald:accounts} event). */
  public static final String ACCOUNT_DISCONNECTED = "account.disconnected";
  /** A target's published post now carries the edited text. */
  public static final String POST_TARGET_EDITED = "post.target_edited";
  /** A target's published post was deleted from its platform. */
  public static final String POST_TARGET_DELETED = "post.target_deleted";
  /** An edit or delete of a published post failed, or its outcome is unknown. */
  public static final String POST_TARGET_OPERATION_FAILED = "post.target_operation_failed";
  public static final Set<String> ALL = Set.of(POST_PUBLISHED, POST_FAILED, POST_PARTIALLY_PUBLISHED,
      POST_UNKNOWN_OUTCOME, POST_FIRST_COMMENT_FAILED, ACCOUNT_NEEDS_REAUTH, ACCOUNT_DISCONNECTED,
      POST_TARGET_EDITED, POST_TARGET_DELETED, POST_TARGET_OPERATION_FAILED);

  private final WebhookRepository webhooks;
  private final WebhookDeliveries deliveries;
  private final TargetRepository targets;
  private final ObjectMapper json;

  WebhookEvents(WebhookRepository webhooks, WebhookDeliveries deliveries, TargetRepository targets,
      ObjectMapper json) {
    this.webhooks = webhooks;
    this.deliveries = deliveries;
    this.targets = targets;
    this.json = json;
  }

  /**
   * Emits what a target's move from {@code before} means to the tenant (call in the transaction that moved it, with
   * its post locked): {@code post.unknown_outcome} when the target became UNKNOWN_OUTCOME, and
   * {@code post.published|failed|partially_published} when its post just finished.
   */
  public void targetMoved(PostTarget moved, TargetStatus before, Instant now) {
    recorder(List.of(moved.tenantId)).targetMoved(moved, before, targets.ofPost(moved.postId), now);
  }

  /** Records the event as a pending delivery to every webhook of the tenant that wants it. */
  public void emit(UUID tenantId, String event, Map<String, Object> data, Instant now) {
    recorder(List.of(tenantId)).emit(tenantId, event, data, now);
  }

  /**
   * Records the events of one transaction that moves many targets (a batch of results): the webhooks of these
   * tenants are read once, in one query.
   */
  public Recorder recorder(Collection<UUID> tenantIds) {
    var hooks = new HashMap<UUID, List<Webhook>>();
    tenantIds.forEach(t -> hooks.put(t, new ArrayList<>()));
    if (!tenantIds.isEmpty()) {
      webhooks.list("tenantId in ?1 order by createdAt", tenantIds).forEach(h -> hooks.get(h.tenantId).add(h));
    }
    return new Recorder(hooks);
  }

  /** Emits events with the webhooks of some tenants already read. */
  public final class Recorder {
    private final Map<UUID, List<Webhook>> hooks;

    private Recorder(Map<UUID, List<Webhook>> hooks) {
      this.hooks = hooks;
    }

    /** As {@link WebhookEvents#targetMoved}, given every target of the moved one's post (in their current state). */
    public void targetMoved(PostTarget moved, TargetStatus before, List<PostTarget> postTargets, Instant now) {
      if (moved.status == TargetStatus.UNKNOWN_OUTCOME && before != TargetStatus.UNKNOWN_OUTCOME) {
        var data = new LinkedHashMap<String, Object>();
        data.put("postId", moved.postId);
        data.put("targetId", moved.id);
        data.put("socialAccountId", moved.socialAccountId);
        data.put("platform", moved.platform);
        data.put("attempt", moved.attempt);
        data.put("errorCode", moved.lastErrorCode);
        data.put("errorMessage", moved.lastErrorMessage);
        emit(moved.tenantId, POST_UNKNOWN_OUTCOME, data, now);
      }
      PostStatus postBefore = PostStatus.derive(postTargets.stream()
          .map(t -> t.id.equals(moved.id) ? before : t.status).toList());
      PostStatus postAfter = PostStatus.derive(postTargets.stream().map(t -> t.status).toList());
      if (postAfter != postBefore && postAfter.finished()) {
        emit(moved.tenantId, postEventOf(postAfter), postData(moved.postId, postAfter, postTargets), now);
      }
    }

    /** As {@link WebhookEvents#emit}. */
    public void emit(UUID tenantId, String event, Map<String, Object> data, Instant now) {
      List<Webhook> tenantHooks = hooks.computeIfAbsent(tenantId, webhooks::listInTenant);
      for (Webhook hook : tenantHooks) {
        if (!hook.eventList().contains(event)) {
          continue;
        }
        var delivery = new WebhookDelivery();
        delivery.id = UUID.randomUUID();
        delivery.tenantId = tenantId;
        delivery.webhookId = hook.id;
        delivery.event = event;
        var body = new LinkedHashMap<String, Object>();
        body.put("id", delivery.id);
        body.put("type", event);
        body.put("createdAt", now.toString());
        body.put("data", data);
        delivery.payload = write(body);
        delivery.status = WebhookDelivery.Status.PENDING;
        delivery.nextAttemptAt = now;
        delivery.createdAt = now;
        deliveries.persist(delivery);
      }
    }
  }

  private static Map<String, Object> postData(UUID postId, PostStatus status, List<PostTarget> targets) {
    var data = new LinkedHashMap<String, Object>();
    data.put("postId", postId);
    data.put("status", status);
    data.put("targets", targets.stream().map(t -> {
      var view = new LinkedHashMap<String, Object>();
      view.put("id", t.id);
      view.put("socialAccountId", t.socialAccountId);
      view.put("platform", t.platform);
      view.put("status", t.status);
      view.put("externalId", t.externalId);
      view.put("externalUrl", t.externalUrl);
      view.put("errorCode", t.lastErrorCode);
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
