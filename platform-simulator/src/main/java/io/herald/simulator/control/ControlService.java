package io.herald.simulator.control;

import io.herald.simulator.config.SimulatorConfig;
import io.herald.simulator.facebook.FacebookPost;
import io.herald.simulator.facebook.FacebookPublishService;
import io.herald.simulator.facebook.FacebookStore;
import io.herald.simulator.facebook.FacebookTiming;
import io.herald.simulator.facebook.GraphUsage;
import io.herald.simulator.fault.FaultService;
import io.herald.simulator.published.PublishedStore;
import io.herald.simulator.tiktok.RateLimiter;
import io.herald.simulator.tiktok.TikTokOAuthService;
import io.herald.simulator.tiktok.TikTokStore;
import io.herald.simulator.tiktok.TikTokUser;
import io.herald.simulator.tiktok.TikTokWebhooks;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Test and demo control: reset, token expiry and revocation, dialog consent, direct seeding of accounts and of posts
 * made outside Herald, Facebook delays, and the TikTok webhook callback.
 */
@ApplicationScoped
public class ControlService {
  private static final List<String> FACEBOOK_SCOPES = List.of("pages_show_list", "pages_read_engagement",
      "pages_manage_posts");
  private static final List<String> TIKTOK_SCOPES = List.of("user.info.basic", "video.publish", "video.upload");

  private final FacebookStore facebook;
  private final TikTokStore tiktok;
  private final FaultService faults;
  private final PublishedStore published;
  private final RateLimiter limiter;
  private final GraphUsage usage;
  private final ConsentSwitch consent;
  private final FacebookPublishService facebookPublish;
  private final FacebookTiming timing;
  private final TikTokWebhooks webhooks;
  private final SimulatorConfig config;

  ControlService(FacebookStore facebook, TikTokStore tiktok, FaultService faults, PublishedStore published,
      RateLimiter limiter, GraphUsage usage, ConsentSwitch consent, FacebookPublishService facebookPublish,
      FacebookTiming timing, TikTokWebhooks webhooks, SimulatorConfig config) {
    this.facebook = facebook;
    this.tiktok = tiktok;
    this.faults = faults;
    this.published = published;
    this.limiter = limiter;
    this.usage = usage;
    this.consent = consent;
    this.facebookPublish = facebookPublish;
    this.timing = timing;
    this.webhooks = webhooks;
    this.config = config;
  }

  /** Forgets every account, token, post, fault, rate-limit window, consent setting, delay and webhook callback. */
  public void reset() {
    faults.clear();
    webhooks.reset();
    timing.reset();
    published.clear();
    facebook.reset();
    tiktok.reset();
    limiter.reset();
    usage.reset();
    consent.reset();
    Log.info("Simulator reset");
  }

  /** Expires (Facebook 190/463, TikTok access_token_invalid) the chosen tokens; answers how many. */
  public int expire(TokenAction action) {
    return invalidate(action, false);
  }

  /** Revokes (Facebook 190/460 or the given subcode, TikTok access_token_invalid + invalid_grant) the tokens. */
  public int revoke(TokenAction action) {
    return invalidate(action, true);
  }

  private int invalidate(TokenAction action, boolean revoke) {
    if (action == null || (blank(action.token()) == blank(action.account()))) {
      throw ControlException.invalid("token", "or account: give exactly one of them");
    }
    int subcode = revoke ? Objects.requireNonNullElse(action.subcode(), 460) : 463;
    List<String> facebookTokens = blank(action.token()) ? facebook.tokensOf(action.account())
        : facebook.token(action.token()).map(t -> List.of(t.value())).orElse(List.of());
    facebookTokens.forEach(t -> facebook.invalidate(t, subcode));
    int count = facebookTokens.size();
    List<String> access = new ArrayList<>();
    List<String> refresh = new ArrayList<>();
    if (blank(action.token())) {
      access.addAll(tiktok.accessTokensOf(action.account()));
      if (revoke) {
        refresh.addAll(tiktok.refreshTokensOf(action.account()));
      }
    } else {
      access.add(action.token());
      if (revoke) {
        refresh.add(action.token());
      }
    }
    count += (int) access.stream().filter(tiktok::invalidateAccessToken).count();
    count += (int) refresh.stream().filter(tiktok::invalidateRefreshToken).count();
    if (count == 0) {
      throw ControlException.notFound(blank(action.token()) ? "Account " + action.account() : "The token");
    }
    return count;
  }

  public void consent(String platform, ConsentRequest request) {
    String normalized = platform.toUpperCase();
    if (!normalized.equals("FACEBOOK") && !normalized.equals("TIKTOK")) {
      throw ControlException.notFound("Platform " + platform);
    }
    String mode = request == null || request.consent() == null ? "APPROVE" : request.consent().toUpperCase();
    if (!mode.equals("APPROVE") && !mode.equals("DENY")) {
      throw ControlException.invalid("consent", "must be APPROVE or DENY");
    }
    consent.set(normalized, new ConsentSwitch.Consent(mode.equals("DENY"), request == null ? null : request.userId()));
  }

  public SeededPage seedPage(SeedPageRequest request) {
    var r = request == null ? new SeedPageRequest(null, null, null, null) : request;
    String name = blank(r.name()) ? "Herald Demo Page" : r.name();
    String appId = blank(r.appId()) ? "simulated-app" : r.appId();
    List<String> scopes = r.scopes() == null || r.scopes().isEmpty() ? FACEBOOK_SCOPES : r.scopes();
    FacebookStore.Page page;
    String userId;
    if (!blank(r.userId())) {
      userId = r.userId();
      facebook.user(userId).orElseThrow(() -> ControlException.notFound("Facebook user " + r.userId()));
      page = facebook.addPage(userId, name, appId, scopes);
    } else {
      var user = facebook.createUser("Herald Demo User", List.of(name), appId, scopes);
      userId = user.id();
      page = facebook.page(user.pageIds().getFirst()).orElseThrow();
    }
    var userToken = facebook.issueUserToken(userId, appId, scopes,
        Instant.now().plus(config.facebook().longLivedTokenLifetime()));
    return new SeededPage(page.id(), page.name(), page.token(), userId, userToken.value());
  }

  public Map<String, Object> seedTikTokUser(SeedTikTokUserRequest request) {
    var r = request == null
        ? new SeedTikTokUserRequest(null, null, null, null, null, null, null, null, null, null) : request;
    var user = tiktok.createUser(
        blank(r.nickname()) ? "Herald Demo Creator" : r.nickname(),
        blank(r.username()) ? "herald.demo" : r.username(),
        r.privacyLevelOptions() == null || r.privacyLevelOptions().isEmpty()
            ? TikTokUser.PUBLIC_OPTIONS : r.privacyLevelOptions(),
        Boolean.TRUE.equals(r.commentDisabled()), Boolean.TRUE.equals(r.duetDisabled()),
        Boolean.TRUE.equals(r.stitchDisabled()),
        r.maxVideoPostDurationSec() == null ? 300 : r.maxVideoPostDurationSec(),
        blank(r.postingBlock()) ? null : r.postingBlock());
    var pair = tiktok.issueTokens(blank(r.clientKey()) ? "simulated-client" : r.clientKey(), user.openId(),
        r.scopes() == null || r.scopes().isEmpty() ? TIKTOK_SCOPES : r.scopes(),
        config.tiktok().accessTokenLifetime(), config.tiktok().refreshTokenLifetime());
    var body = new LinkedHashMap<String, Object>(TikTokOAuthService.tokenBody(pair));
    body.put("openId", user.openId());
    return body;
  }

  /** Posts made outside Herald on a Page (admin on facebook.com, another app, a visitor); answers their ids. */
  public List<String> seedPosts(String pageId, SeedPostsRequest request) {
    facebook.page(pageId).orElseThrow(() -> ControlException.notFound("Facebook Page " + pageId));
    var r = request == null ? new SeedPostsRequest(null, null, null, null, null, null) : request;
    FacebookPost.Kind kind;
    try {
      kind = FacebookPost.Kind.valueOf(blank(r.kind()) ? "FEED" : r.kind().toUpperCase());
    } catch (IllegalArgumentException e) {
      throw ControlException.invalid("kind", "must be FEED, PHOTO, VIDEO or VISITOR");
    }
    if (kind == FacebookPost.Kind.REEL || kind == FacebookPost.Kind.STORY) {
      throw ControlException.invalid("kind", "must be FEED, PHOTO, VIDEO or VISITOR");
    }
    List<String> media = r.mediaUrls() == null ? List.of() : r.mediaUrls();
    if ((kind == FacebookPost.Kind.FEED && media.isEmpty() || kind == FacebookPost.Kind.VISITOR)
        && blank(r.message())) {
      throw ControlException.invalid("message", "is required for a " + kind + " post without media");
    }
    int count = r.count() == null ? 1 : r.count();
    if (count < 1 || count > 1000) {
      throw ControlException.invalid("count", "must be between 1 and 1000");
    }
    return facebookPublish.postByOthers(pageId, kind, r.message(), media, blank(r.appId()) ? null : r.appId(),
        blank(r.createdTime()) ? Instant.now() : instant(r.createdTime()), count);
  }

  /** Overrides the Facebook delays for what is created or published from now on; answers those in force. */
  public FacebookTiming.Timing facebookTiming(FacebookTimingRequest request) {
    var r = request == null ? new FacebookTimingRequest(null, null) : request;
    requireNotNegative("videoProcessingTime", r.videoProcessingTime());
    requireNotNegative("feedVisibilityDelay", r.feedVisibilityDelay());
    return timing.set(r.videoProcessingTime(), r.feedVisibilityDelay());
  }

  public void registerWebhook(WebhookRequest request) {
    if (request == null) {
      throw ControlException.invalid("url", "is required");
    }
    webhooks.register(request.url(), request.clientSecret(), blank(request.clientKey()) ? null : request.clientKey());
  }

  public void unregisterWebhook() {
    webhooks.unregister();
  }

  public List<TikTokWebhooks.View> webhookDeliveries() {
    return webhooks.list();
  }

  private static void requireNotNegative(String field, Duration value) {
    if (value != null && value.isNegative()) {
      throw ControlException.invalid(field, "must not be negative");
    }
  }

  private static Instant instant(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw ControlException.invalid("createdTime", "must be an ISO-8601 time with offset, e.g. 2026-01-31T09:00:00Z");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
