package io.herald.auth.social;

import io.herald.auth.config.AuthConfig;
import io.herald.auth.social.TikTokRestClient.TokenAnswer;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.Duration;
import java.util.Optional;
import java.time.temporal.ChronoUnit;
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

  /**
   * The creator's display name, best effort: the confirmation page names the account with it. Any failure answers
   * empty (the open_id is shown instead); it never stops a connect.
   */
  public Optional<String> displayName(String accessToken) {
    try {
      var answer = api.userInfo("Bearer " + accessToken, "open_id,display_name");
      var user = answer == null || answer.data() == null ? null : answer.data().user();
      return user == null || user.displayName() == null || user.displayName().isBlank() ? Optional.empty()
          : Optional.of(user.displayName());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
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
