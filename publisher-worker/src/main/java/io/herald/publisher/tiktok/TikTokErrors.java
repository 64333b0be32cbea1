package io.herald.publisher.tiktok;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformResponse;
import java.util.Set;

/**
 * Classifies TikTok Content Posting answers by their envelope's {@code error.code} ({@code docs/platforms.md} §2.2
 * "Content Posting").
 */
public final class TikTokErrors {
  /** The access token expired or was revoked: refresh once through auth-service and replay. */
  public static final String ACCESS_TOKEN_INVALID = "access_token_invalid";
  private static final Set<String> AUTH =
      Set.of(ACCESS_TOKEN_INVALID, "scope_not_authorized", "scope_permission_missed");

  private TikTokErrors() {}

  /** Whether the answer is a success: HTTP 2xx and {@code error.code == "ok"}. */
  public static boolean isOk(PlatformResponse response) {
    return isOk(response.status(), response.json().path("error").path("code").asText(""));
  }

  public static boolean isOk(int status, String code) {
    return status >= 200 && status < 300 && "ok".equals(code);
  }

  /**
   * Classifies a failed answer. {@code createCall} is true for init calls: there an answer that is not TikTok's
   * envelope (a lost answer, a proxy's 5xx) leaves the outcome unknown.
   */
  public static PlatformError classify(PlatformResponse response, boolean createCall) {
    JsonNode error = response.json().path("error");
    return classify(response.status(), error.path("code").asText(""), error.path("message").asText(""), createCall);
  }

  /** Classifies a failed answer by its HTTP status and its envelope's error code and message. */
  public static PlatformError classify(int status, String code, String message, boolean createCall) {
    if (code == null || code.isEmpty() || "ok".equals(code)) {
      if (status == 429) {
        return new PlatformError(ErrorClass.THROTTLED, "tiktok:rate_limit_exceeded", "HTTP 429", null);
      }
      if (status >= 500 || status == 0) {
        return PlatformError.of(createCall ? ErrorClass.UNKNOWN_OUTCOME : ErrorClass.TRANSIENT,
            "tiktok:http_" + status, "TikTok answered HTTP " + status + " without an error envelope");
      }
      return PlatformError.of(ErrorClass.PERMANENT, "tiktok:http_" + status,
          "TikTok answered HTTP " + status + " without an error envelope");
    }
    String codeText = "tiktok:" + code;
    String text = message == null ? "" : message;
    if (AUTH.contains(code)) {
      return PlatformError.of(ErrorClass.AUTH, codeText, text);
    }
    if ("rate_limit_exceeded".equals(code) || status == 429) {
      // TikTok sends no Retry-After: wait the configured minimum throttle delay.
      return new PlatformError(ErrorClass.THROTTLED, codeText, text, null);
    }
    if ("internal_error".equals(code) || status >= 500) {
      return PlatformError.of(ErrorClass.TRANSIENT, codeText, text);
    }
    // invalid_param, spam_risk_*, reached_active_user_cap, unaudited_..., url_ownership_unverified,
    // privacy_level_option_mismatch, ...: never retried automatically.
    return PlatformError.of(ErrorClass.PERMANENT, codeText, text);
  }

  /** Whether TikTok refused the access token itself (refreshed once, then the call is replayed). */
  public static boolean isTokenRefused(PlatformError error) {
    return ("tiktok:" + ACCESS_TOKEN_INVALID).equals(error.code());
  }

  /** Classifies a final {@code fail_reason} of {@code status/fetch}. */
  public static PlatformError classifyFailReason(String failReason) {
    String reason = failReason == null || failReason.isBlank() ? "unknown" : failReason;
    return PlatformError.of(ErrorClass.PERMANENT, "tiktok:" + reason, "TikTok failed the post: " + reason);
  }
}
