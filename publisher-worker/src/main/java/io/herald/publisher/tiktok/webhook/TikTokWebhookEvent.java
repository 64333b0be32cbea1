package io.herald.publisher.tiktok.webhook;

import java.time.Instant;

/**
 * One publish event TikTok sent (platform-apis.md §B3, §D), from its envelope and its {@code content}.
 *
 * @param event     e.g. {@code post.publish.complete}
 * @param publishId the publish the event is about
 * @param openId    the creator ({@code user_openid})
 * @param createdAt when TikTok created the event ({@code create_time})
 * @param postId    the public post id ({@code post.publish.publicly_available} only)
 * @param reason    why it failed ({@code post.publish.failed} only)
 */
public record TikTokWebhookEvent(
    String event, String publishId, String openId, Instant createdAt, String postId, String reason) {
  public static final String COMPLETE = "post.publish.complete";
  public static final String FAILED = "post.publish.failed";
  public static final String INBOX_DELIVERED = "post.publish.inbox_delivered";
  public static final String PUBLICLY_AVAILABLE = "post.publish.publicly_available";
  public static final String NO_LONGER_PUBLIC = "post.publish.no_longer_publicaly_available";
}
