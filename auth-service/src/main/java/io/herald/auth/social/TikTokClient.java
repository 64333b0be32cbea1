package io.herald.auth.social;

import io.herald.auth.config.AuthConfig;
import io.herald.auth.social.TikTokRestClient.TokenAnswer;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** TikTok Login Kit: exchanges codes (PKCE) and refresh tokens for token pairs, and revokes tokens. */
@ApplicationScoped
public class TikTokClient {
  private final TikTokRestClient api;
  private final AuthConfig.Tiktok config;

  TikTokClient(@RestClient TikTokRestClient api, AuthConfig.Tiktok config) {
    this.api = api;
    this.config = config;
  }

  /** A token pair as TikTok answered it; lifetimes come from the answer, never from constants. */
  public record TokenPair(String openId, String accessToken, Duration accessLifetime, String refreshToken,
      Duration refreshLifetime, String scope) {}

  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
      failOn = PlatformException.Unavailable.class)
  @CircuitBreakerName("tiktok-code")
  public TokenPair exchangeCode(String code, String redirectUri, String codeVerifier) {
    return pair(call(() -> api.exchangeCode(clientKey(), clientSecret(), code, redirectUri, codeVerifier)));
  }

  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
      failOn = PlatformException.Unavailable.class)
  @CircuitBreakerName("tiktok-refresh")
  public TokenPair refresh(String refreshToken) {
    return pair(call(() -> api.refresh(clientKey(), clientSecret(), refreshToken)));
  }

  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
      failOn = PlatformException.Unavailable.class)
  @CircuitBreakerName("tiktok-revoke")
  public void revoke(String token) {
    call(() -> api.revoke(clientKey(), clientSecret(), token));
  }

  /** The creator's profile as Herald shows the account; either part may be null (unknown). */
  public record Profile(String displayName, String avatarUrl) {}

  /**
   * The creator's display name and avatar ({@code GET /v2/user/info/}), best effort: the confirmation page and the
   * accounts API name the account with them. Any failure (or an answer without a name) answers empty, and the
   * open_id is shown instead; it never stops a connect or a refresh. Only an https avatar is taken.
   */
  public Optional<Profile> profile(String accessToken) {
    try {
      var answer = api.userInfo("Bearer " + accessToken, "open_id,union_id,avatar_url,display_name");
      if (answer == null || TikTokErrors.failed(answer.error()) || answer.data() == null
          || answer.data().user() == null) {
        return Optional.empty();
      }
      var user = answer.data().user();
      String name = user.displayName() == null || user.displayName().isBlank() ? null : user.displayName();
      String avatar = user.avatarUrl() != null && user.avatarUrl().startsWith("https://")
          && user.avatarUrl().length() <= 2048 ? user.avatarUrl() : null;
      return name == null && avatar == null ? Optional.empty() : Optional.of(new Profile(name, avatar));
    } catch (RuntimeException e) {
      Log.debugf("TikTok user info unavailable: %s", e.getMessage());
      return Optional.empty();
    }
  }

  /** What creator_info says; {@code postingBlocked}: a cap TikTok answered with HTTP 200 (the rest may be empty). */
  public record CreatorInfo(TikTokRestClient.CreatorInfo info, String postingBlocked) {}

  /** TikTok's caps on posting today, answered with HTTP 200 by creator_info. */
  static final Set<String> POSTING_CAPS = Set.of("spam_risk_too_many_posts",
      "spam_risk_user_banned_from_posting", "reached_active_user_cap", "spam_risk_too_many_pending_share");

  /** The creator's posting options (creator_info); a 429 is {@link PlatformException.Throttled}. */
  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
      failOn = PlatformException.Unavailable.class)
  @CircuitBreakerName("tiktok-creator-info")
  public CreatorInfo creatorInfo(String accessToken) {
    TikTokRestClient.CreatorInfoAnswer answer;
    try {
      answer = api.creatorInfo("Bearer " + accessToken, Map.of());
    } catch (ProcessingException e) {
      throw PlatformException.unavailable("tiktok: unreachable (" + e.getMessage() + ")", e);
    }
    if (answer == null) {
      throw PlatformException.of(PlatformException.Kind.UNAVAILABLE, "tiktok: empty creator_info answer");
    }
    String code = answer.error() == null ? "" : answer.error().path("code").asText("");
    if (POSTING_CAPS.contains(code)) {
      return new CreatorInfo(answer.data(), code);
    }
    if (TikTokErrors.failed(answer.error())) {
      throw TikTokErrors.classify(new TikTokRestClient.TokenAnswer(null, null, null, null, null, null,
          answer.error(), null, null), 200);
    }
    if (answer.data() == null) {
      throw PlatformException.of(PlatformException.Kind.UNAVAILABLE, "tiktok: creator_info answer without data");
    }
    return new CreatorInfo(answer.data(), null);
  }

  private String clientKey() {
    return config.clientKey().orElseThrow();
  }

  private String clientSecret() {
    return config.clientSecret().orElseThrow();
  }

  private static TokenPair pair(TokenAnswer body) {
    // Some answers wrap the pair in "data".
    TokenAnswer answer = body != null && body.accessToken() == null ? body.data() : body;
    if (answer == null || answer.accessToken() == null || answer.openId() == null) {
      throw PlatformException.of(PlatformException.Kind.UNAVAILABLE,
          "tiktok: token answer without access_token/open_id");
    }
    return new TokenPair(answer.openId(), answer.accessToken(),
        Duration.ofSeconds(answer.expiresIn() != null ? answer.expiresIn() : 86_400), answer.refreshToken(),
        answer.refreshExpiresIn() != null ? Duration.ofSeconds(answer.refreshExpiresIn()) : null, answer.scope());
  }

  /** An OAuth error can come with HTTP 200: the body decides, as for any other status. */
  private static TokenAnswer call(Supplier<TokenAnswer> request) {
    TokenAnswer answer;
    try {
      answer = request.get();
    } catch (ProcessingException e) {
      throw PlatformException.unavailable("tiktok: unreachable (" + e.getMessage() + ")", e);
    }
    PlatformException refusal = TikTokErrors.classify(answer, 200);
    if (refusal != null) {
      throw refusal;
    }
    return answer;
  }
}
