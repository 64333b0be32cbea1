package io.herald.publisher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where the Facebook Graph API is ({@code herald.facebook.*}, {@code docs/architecture.md} §6). */
@ConfigMapping(prefix = "herald.facebook")
public interface FacebookConfig {

  /** Origin of the Graph API; the REST clients' base address appends {@code /{api-version}}. */
  @WithDefault("https://graph.facebook.com")
  String graphUrl();

  /** Origin of the Graph API for video uploads. */
  @WithDefault("https://graph-video.facebook.com")
  String graphVideoUrl();

  /** Origin of the resumable upload host for Reels and video Stories; its REST client adds {@code /video-upload/}. */
  @WithDefault("https://rupload.facebook.com")
  String uploadUrl();

  /**
   * The pinned Graph API version. The three Facebook REST clients' base addresses carry it
   * ({@code quarkus.rest-client.facebook-*.url} in {@code application.properties}); declared here so it is validated and
   * documented with the rest of {@code herald.facebook.*}.
   */
  @WithDefault("v21.0")
  String apiVersion();

  /**
   * The Facebook app's id: posts whose {@code application} is another app (or none: made on facebook.com) are never
   * taken for Herald's own when a Page is searched.
   */
  Optional<String> appId();

  /** How many pages of 100 posts a search of the Page may read, back to before the attempt started. */
  @WithDefault("20")
  int searchMaxPages();

  /** Pause a Page's publishing when {@code x-app-usage} or the Page's BUC usage reaches this percentage. */
  @WithDefault("90")
  int usagePauseThreshold();
}
