package io.herald.auth.social;

import io.herald.auth.config.AuthConfig;
import io.herald.auth.social.dto.CapabilitiesView;
import io.herald.common.problem.ProblemException;
import io.herald.common.ratelimit.TikTokRateLimiter;
import io.herald.common.stream.Platform;
import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Asks the platform what an account can publish now. Answers are cached per account and token for
 * {@code quarkus.cache.caffeine."account-capabilities".expire-after-write} (60 s): a client that shows the TikTok
 * post form (which the Direct Post audit requires to follow creator_info) does not spend the creator's
 * creator_info budget (20 a minute per token, shared with publisher-worker's pre-flight checks through common's
 * {@link TikTokRateLimiter}) on every view. Failures are never cached.
 */
@ApplicationScoped
public class AccountCapabilities {
  static final String CACHE = "account-capabilities";
  /** TikTok names no Retry-After; its limits are per minute. */
  static final long TIKTOK_RETRY_AFTER_SECONDS = 60;

  private final TikTokClient tiktok;
  private final FacebookClient facebook;
  private final TikTokRateLimiter limiter;
  private final AuthConfig.Tiktok tiktokConfig;
  private final AuthConfig.Facebook facebookConfig;

  AccountCapabilities(TikTokClient tiktok, FacebookClient facebook, TikTokRateLimiter limiter,
      AuthConfig.Tiktok tiktokConfig, AuthConfig.Facebook facebookConfig) {
    this.tiktok = tiktok;
    this.facebook = facebook;
    this.limiter = limiter;
    this.tiktokConfig = tiktokConfig;
    this.facebookConfig = facebookConfig;
  }

  /**
   * The capabilities of an ACTIVE account whose current token is {@code accessToken}; {@code tokenHash} (its
   * SHA-256) keys the cache, so a reconnect or refresh asks again. Throttling is a 429 problem, an unreachable or
   * failing platform a 503, both with {@code Retry-After}; a refusal is a 502.
   */
  @CacheResult(cacheName = CACHE)
  public CapabilitiesView of(@CacheKey UUID accountId, @CacheKey String tokenHash, Platform platform,
      String accessToken) {
    try {
      return platform == Platform.TIKTOK ? tiktok(accountId, accessToken) : facebook(accountId, accessToken);
    } catch (PlatformException.Throttled e) {
      throw ProblemException.tooManyRequests(platform + " is rate limiting this account's calls; try again in a "
          + "minute", TIKTOK_RETRY_AFTER_SECONDS);
    } catch (CircuitBreakerOpenException e) {
      throw ProblemException.unavailable(platform + " has been failing; try again in a minute", 30);
    } catch (PlatformException e) {
      if (e.kind() == PlatformException.Kind.UNAVAILABLE) {
        throw ProblemException.unavailable(platform + " could not be reached or failed; try again shortly", 30);
      }
      throw new ProblemException(502, "platform-refused", "Bad Gateway", platform + " refused to describe the "
          + "account (" + ConnectService.printable(e.getMessage(), 200) + "); it may need to be reconnected");
    }
  }

  private CapabilitiesView tiktok(UUID accountId, String accessToken) {
    var wait = limiter.acquire(accessToken, TikTokRateLimiter.Endpoint.CREATOR_INFO,
        tiktokConfig.creatorInfoPerMinute());
    if (wait.isPresent()) {
      throw ProblemException.tooManyRequests("This account's creator_info budget for this minute is spent (publishing "
          + "uses it too); try again shortly", seconds(wait.get()));
    }
    var answer = tiktok.creatorInfo(accessToken);
    var info = answer.info();
    var view = info == null
        ? new CapabilitiesView.TikTok(null, null, null, List.of(), false, false, false, null, answer.postingBlocked())
        : new CapabilitiesView.TikTok(info.nickname(), info.username(), info.avatarUrl(),
            info.privacyLevelOptions() == null ? List.of() : info.privacyLevelOptions(), info.commentDisabled(),
            info.duetDisabled(), info.stitchDisabled(), info.maxVideoPostDurationSec(), answer.postingBlocked());
    return new CapabilitiesView(accountId, Platform.TIKTOK, view, null, now());
  }

  private CapabilitiesView facebook(UUID accountId, String pageToken) {
    var inspection = facebook.inspect(pageToken);
    List<String> granted = inspection.scopes();
    List<String> missing = facebookConfig.requiredScopes().stream().filter(s -> !granted.contains(s)).toList();
    boolean canPost = inspection.valid() && granted.contains("pages_manage_posts");
    var view = new CapabilitiesView.Facebook(inspection.valid(), granted, missing,
        canPost ? List.of("FEED", "REEL", "STORY") : List.of(),
        canPost && granted.contains("pages_manage_engagement"));
    return new CapabilitiesView(accountId, Platform.FACEBOOK, null, view, now());
  }

  private static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }
}
