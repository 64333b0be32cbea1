package io.herald.simulator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the platform simulator ({@code herald.simulator.*}, env {@code HERALD_SIMULATOR_*}). */
@ConfigMapping(prefix = "herald.simulator")
public interface SimulatorConfig {

  /** The base URL clients reach the simulator at; used to build TikTok upload URLs and media URLs. */
  @WithDefault("http://localhost:8090")
  String publicUrl();

  Facebook facebook();

  TikTok tiktok();

  /** Facebook Graph API behaviour. */
  interface Facebook {
    /** If set, only this app id is accepted as {@code client_id}; otherwise any app id is. */
    Optional<String> appId();

    /** If set, only this secret is accepted as {@code client_secret}; otherwise any non-empty secret is. */
    Optional<String> appSecret();

    /** Lifetime of the short-lived user token the code exchange returns. */
    @WithDefault("PT2H")
    Duration shortLivedTokenLifetime();

    /** Lifetime of the long-lived user token {@code fb_exchange_token} returns. */
    @WithDefault("P60D")
    Duration longLivedTokenLifetime();

    /** Answer error 506 "Duplicate status message" when a Page's latest post has the same message. */
    @WithDefault("true")
    boolean rejectDuplicateMessages();

    /** Graph calls per hour that make {@code x-app-usage} and {@code x-business-use-case-usage} report 100%. */
    @WithDefault("4800")
    int callsPerHourQuota();

    /** How long a new video stays {@code processing}; it shows on the Page's feed only once {@code ready}. */
    @WithDefault("PT5S")
    Duration videoProcessingTime();

    /** How long after publishing a post shows on feed reads (its id is readable at once). */
    @WithDefault("PT0S")
    Duration feedVisibilityDelay();

    /**
     * The most entries one page of {@code /me/accounts}, {@code /me/businesses} and a Business's Pages holds (Graph's
     * default is 25; a smaller {@code limit} is honoured); a client must follow {@code paging.next} for the rest.
     */
    @WithDefault("25")
    int accountsPageSize();
  }

  /** TikTok Login Kit and Content Posting API behaviour. */
  interface TikTok {
    /** If set, only this client key is accepted; otherwise any client key is. */
    Optional<String> clientKey();

    /** If set, only this client secret is accepted; otherwise any non-empty secret is. */
    Optional<String> clientSecret();

    /** Refuse an authorization request without a PKCE {@code code_challenge}. */
    @WithDefault("false")
    boolean requirePkce();

    /** Lifetime of an access token ({@code expires_in}). */
    @WithDefault("86400s")
    Duration accessTokenLifetime();

    /** Lifetime of a refresh token ({@code refresh_expires_in}). */
    @WithDefault("31536000s")
    Duration refreshTokenLifetime();

    /** How long an {@code upload_url} returned by init stays valid. */
    @WithDefault("PT1H")
    Duration uploadUrlLifetime();

    /**
     * URL prefixes verified for PULL_FROM_URL; empty means the simulator's own {@code /media/} URLs and
     * {@code https://cdn.example.com/}.
     */
    Optional<List<String>> verifiedUrlPrefixes();

    /** status/fetch calls after which processing finishes (counted once the media is fully received). */
    @WithDefault("2")
    int statusPollsToComplete();

    /** Time after which processing finishes even if nobody polled (counted once the media is fully received). */
    @WithDefault("PT10S")
    Duration processingTime();

    RateLimits rateLimit();

    /** Where publish webhooks are POSTed from start-up (also settable at runtime through the control API). */
    Optional<String> webhookUrl();

    /** Tries per webhook event (the first delivery and its retries) before it is given up. */
    @WithDefault("5")
    int webhookAttempts();

    /** Pause before the first webhook retry; it doubles with every further try. */
    @WithDefault("PT0.2S")
    Duration webhookBackoff();
  }

  /** Per-token requests per minute, as TikTok documents them. */
  interface RateLimits {
    /** creator_info/query requests per minute per token. */
    @WithDefault("20")
    int creatorInfo();

    /** Requests per minute per token to each init endpoint (video, inbox video, content). */
    @WithDefault("6")
    int init();

    /** status/fetch requests per minute per token. */
    @WithDefault("30")
    int status();
  }
}
