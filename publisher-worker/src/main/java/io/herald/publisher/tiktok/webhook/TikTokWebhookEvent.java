package io.herald.publisher.tiktok.webhook;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/**
 * One publish event TikTok sent ({@code docs/platforms.md} §2.3 "Webhooks"), from its envelope and its
 * {@code content}, as kept in {@code tiktok_webhook_events} (once per publish and event: TikTok delivers at least
 * once, so {@link TikTokWebhooks} inserts it with plain SQL that skips a repeat).
 */
@Entity
@Table(name = "tiktok_webhook_events")
@Immutable
public class TikTokWebhookEvent {
  public static final String COMPLETE = "post.publish.complete";
  public static final String FAILED = "post.publish.failed";
  public static final String INBOX_DELIVERED = "post.publish.inbox_delivered";
  public static final String PUBLICLY_AVAILABLE = "post.publish.publicly_available";
  public static final String NO_LONGER_PUBLIC = "post.publish.no_longer_publicaly_available";

  @Id
  public Long id;
  /** e.g. {@value #COMPLETE}. */
  public String event;
  /** The publish the event is about. */
  public String publishId;
  /** The creator ({@code user_openid}). */
  public String openId;
  /** When TikTok created the event ({@code create_time}). */
  public Instant createdAt;
  /** The public post id ({@value #PUBLICLY_AVAILABLE} only). */
  public String postId;
  /** Why it failed ({@value #FAILED} only). */
  public String reason;

  protected TikTokWebhookEvent() {}

  public TikTokWebhookEvent(String event, String publishId, String openId, Instant createdAt, String postId,
      String reason) {
    this.event = event;
    this.publishId = publishId;
    this.openId = openId;
    this.createdAt = createdAt;
    this.postId = postId;
    this.reason = reason;
  }
}
