package io.herald.publisher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the Facebook Graph API is ({@code herald.facebook.*}, architecture §6). */
@ConfigMapping(prefix = "herald.facebook")
public interface FacebookConfig {

  /** Origin of the Graph API; Herald appends {@code /{version}/...}. */
  @WithDefault("https://graph.facebook.com")
  String graphUrl();

  /** Origin of the Graph API for video uploads. */
  @WithDefault("https://graph-video.facebook.com")
  String graphVideoUrl();

  /** The pinned Graph API version. */
  @WithDefault("v21.0")
  String apiVersion();

  /** How many of the Page's newest feed posts are searched when reconciling an unknown outcome. */
  @WithDefault("25")
  int reconcileFeedLimit();

  /** Pause a Page's publishing when {@code x-app-usage} or the Page's BUC usage reaches this percentage. */
  @WithDefault("90")
  int usagePauseThreshold();
}
