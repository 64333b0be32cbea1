package io.herald.publisher.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where TikTok's Content Posting API is and how media reach it ({@code herald.tiktok.*}, {@code docs/architecture.md}
 * §6).
 */
@ConfigMapping(prefix = "herald.tiktok")
public interface TikTokConfig {

  /** Origin of the TikTok API; Herald appends {@code /v2/...}. */
  @WithDefault("https://open.tiktokapis.com")
  String apiUrl();

  /** URL prefixes verified in TikTok's developer portal: media under them go by PULL_FROM_URL, others are uploaded. */
  Optional<List<String>> verifiedUrlPrefixes();

  /** The app's client secret: it signs TikTok's webhooks (HERALD_TIKTOK_CLIENT_SECRET, as auth-service reads it). */
  Optional<String> clientSecret();

  /**
   * How long a post whose init answer was lost (a PULL_FROM_URL publish) waits for a TikTok webhook naming its
   * publish_id before its outcome is reported unknown; a webhook that comes later still settles it.
   */
  @WithDefault("10m")
  Duration webhookGrace();

  /** Chunk size for FILE_UPLOAD (TikTok accepts 5 to 64 MB; files under 5 MB go whole). */
  @WithDefault("10000000")
  long chunkSize();

  /** Per-token limit of {@code video/init}, {@code inbox/video/init} and {@code content/init} calls per minute. */
  @WithDefault("6")
  int initsPerMinute();

  /** Per-token limit of {@code status/fetch} calls per minute. */
  @WithDefault("30")
  int statusPerMinute();

  /** Per-token limit of {@code creator_info/query} calls per minute. */
  @WithDefault("20")
  int creatorInfoPerMinute();
}
