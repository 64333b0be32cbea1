package io.herald.simulator.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every simulated platform endpoint, by the key used for fault injection and metrics. The family decides
 * which documented error shape an injected fault is rendered in.
 */
public enum Endpoint {
  FACEBOOK_DIALOG("facebook.dialog", Family.REDIRECT),
  FACEBOOK_OAUTH("facebook.oauth", Family.GRAPH),
  FACEBOOK_ACCOUNTS("facebook.accounts", Family.GRAPH),
  FACEBOOK_DEBUG_TOKEN("facebook.debug_token", Family.GRAPH),
  FACEBOOK_FEED("facebook.feed", Family.GRAPH),
  FACEBOOK_FEED_READ("facebook.feed_read", Family.GRAPH),
  FACEBOOK_PHOTOS("facebook.photos", Family.GRAPH),
  FACEBOOK_VIDEOS("facebook.videos", Family.GRAPH),
  FACEBOOK_PUBLISH("facebook.publish", Family.GRAPH),
  FACEBOOK_EDIT("facebook.edit", Family.GRAPH),
  FACEBOOK_DELETE("facebook.delete", Family.GRAPH),
  FACEBOOK_REELS("facebook.video_reels", Family.GRAPH),
  FACEBOOK_VIDEO_STORIES("facebook.video_stories", Family.GRAPH),
  FACEBOOK_PHOTO_STORIES("facebook.photo_stories", Family.GRAPH),
  FACEBOOK_UPLOAD("facebook.upload", Family.GRAPH),
  FACEBOOK_COMMENTS("facebook.comments", Family.GRAPH),
  FACEBOOK_COMMENTS_READ("facebook.comments_read", Family.GRAPH),
  TIKTOK_AUTHORIZE("tiktok.authorize", Family.REDIRECT),
  TIKTOK_TOKEN("tiktok.token", Family.TIKTOK_OAUTH),
  TIKTOK_REVOKE("tiktok.revoke", Family.TIKTOK_OAUTH),
  TIKTOK_CREATOR_INFO("tiktok.creator_info", Family.TIKTOK_API),
  TIKTOK_VIDEO_INIT("tiktok.video_init", Family.TIKTOK_API),
  TIKTOK_INBOX_INIT("tiktok.inbox_init", Family.TIKTOK_API),
  TIKTOK_CONTENT_INIT("tiktok.content_init", Family.TIKTOK_API),
  TIKTOK_STATUS("tiktok.status", Family.TIKTOK_API),
  TIKTOK_CANCEL("tiktok.cancel", Family.TIKTOK_API),
  TIKTOK_USER_INFO("tiktok.user_info", Family.TIKTOK_API),
  TIKTOK_UPLOAD("tiktok.upload", Family.PLAIN),
  TIKTOK_WEBHOOK("tiktok.webhook", Family.OUTGOING),
  MEDIA("media", Family.PLAIN);

  /**
   * How a platform answers errors on this endpoint; OUTGOING is a call the simulator makes (a webhook), where a
   * fault drops (FAIL) or delays (DELAY) the call instead.
   */
  public enum Family { GRAPH, TIKTOK_OAUTH, TIKTOK_API, PLAIN, REDIRECT, OUTGOING }

  private final String key;
  private final Family family;

  Endpoint(String key, Family family) {
    this.key = key;
    this.family = family;
  }

  public String key() {
    return key;
  }

  public Family family() {
    return family;
  }

  public static Optional<Endpoint> byKey(String key) {
    return Arrays.stream(values()).filter(e -> e.key.equals(key)).findFirst();
  }
}
