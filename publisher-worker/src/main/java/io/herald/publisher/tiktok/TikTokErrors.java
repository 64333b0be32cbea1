package io.herald.publisher.tiktok;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformResponse;
import java.util.Set;

/** Classifies TikTok Content Posting answers by their envelope's {@code error.code} (platform-apis.md §B2). */
public final class TikTokErrors {
  /** The access token expired or was revoked: refresh once through auth-service and replay. */
  public static final String ACCESS_TOKEN_INVALID = "access_token_invalid";
  private static final Set<String> AUTH = Set.of(ACCESS_TOKEN_INVALID, "scope_not_authorized", "scope_permission_missed");

  private TikTokErrors() {}

  /** The envelope's error code; {@code "ok"} means success. */
  public static String code(PlatformResponse response) {
    return response.json().path("error").path("code").asText("");
  }

  /** Whether the answer is a success: HTTP 2xx and {@code error.code == "ok"}. */
  public static boolean isOk(PlatformResponse response) {
    return response.isSuccess() && "ok".equals(code(response));
  }

  /**
   * Classifies a failed answer. {@code createCall} is true for init calls: there an answer that is not TikTok's
   * envelope (a lost answer, a proxy's 5xx) leaves the outcome unknown.
   */
  public static PlatformError classify(PlatformResponse response, boolean createCall) {
    JsonNode error = response.json().path("error");
    String code = error.path("code").asText("");
    String message = error.path("message").asText("");
    if (code.isEmpty() || "ok".equals(code)) {
      if (response.status() == 429) {
        return new PlatformError(ErrorClass.THROTTLED, "tiktok:rate_limit_exceeded", "HTTP 429", null);
      }
      if (response.status() >= 500 || response.status() == 0) {
        return PlatformError.of(createCall ? ErrorClass.UNKNOWN_OUTCOME : ErrorClass.TRANSIENT,
            "tiktok:http_" + response.status(), "TikTok answered HTTP " + response.status() + " without an error envelope");
      }
      return PlatformError.of(ErrorClass.PERMANENT, "tiktok:http_" + response.status(),
          "TikTok answered HTTP " + response.status() + " without an error envelope");
    }
    String codeText = "tiktok:" + code;
    if (AUTH.contains(code)) {
      return PlatformError.of(ErrorClass.AUTH, codeText, message);
    }
    if ("rate_limit_exceeded".equals(code) || response.status() == 429) {
      // TikTok sends no Retry-After: wait the configured minimum throttle delay.
      return new PlatformError(ErrorClass.THROTTLED, codeText, message, null);
    }
    if ("internal_error".equals(code) || response.status() >= 500) {
      return PlatformError.of(ErrorClass.TRANSIENT, codeText, message);
    }
    // invalid_param, spam_risk_*, reached_active_user_cap, unaudited_..., url_ownership_unverified,
    // privacy_level_option_mismatch, ...: never retried automatically.
    return PlatformError.of(ErrorClass.PERMANENT, codeText, message);
  }

  /** Classifies a final {@code fail_reason} of {@code status/fetch}. */
  public static PlatformError classifyFailReason(String failReason) {
    String reason = failReason == null || failReason.isBlank() ? "unknown" : failReason;
    return PlatformError.of(ErrorClass.PERMANENT, "tiktok:" + reason, "TikTok failed the post: " + reason);
  }
}
