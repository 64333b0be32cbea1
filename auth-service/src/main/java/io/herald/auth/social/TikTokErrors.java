package io.herald.auth.social;

import io.herald.auth.social.TikTokRestClient.TokenAnswer;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * What a TikTok OAuth error means (docs/platforms.md, "2.1 Connecting an account"): {@code invalid_grant} is
 * INVALID_GRANT (reconnect); {@code internal_error}, {@code rate_limit_exceeded}, {@code temporarily_unavailable}
 * and 5xx are UNAVAILABLE (what the breakers count); any other error is REFUSED.
 */
class TikTokErrors implements ResponseExceptionMapper<PlatformException> {

  @Override
  public PlatformException toThrowable(Response response) {
    int status = response.getStatus();
    if (status == 429) {
      return PlatformException.throttled("tiktok: HTTP 429 rate_limit_exceeded");
    }
    if (status >= 500) {
      return PlatformException.of(PlatformException.Kind.UNAVAILABLE, "tiktok: HTTP " + status);
    }
    return classify(read(response), status);
  }

  /** The error an answer given with {@code status} carries, or null when it carries none and the status is a 2xx. */
  static PlatformException classify(TokenAnswer answer, int status) {
    var error = answer == null ? null : answer.error();
    String code = error == null ? "" : error.isTextual() ? error.asText() : error.path("code").asText("");
    if (code.isEmpty() || "ok".equals(code)) {
      return status >= 400 ? PlatformException.of(PlatformException.Kind.REFUSED, "tiktok: HTTP " + status) : null;
    }
    String description = error.isTextual() ? answer.errorDescription() : error.path("message").asText("");
    String reason = "tiktok:" + code + (description == null || description.isEmpty() ? "" : " " + description);
    if ("rate_limit_exceeded".equals(code)) {
      return PlatformException.throttled(reason);
    }
    return PlatformException.of(switch (code) {
      case "invalid_grant" -> PlatformException.Kind.INVALID_GRANT;
      case "internal_error", "rate_limit_exceeded", "temporarily_unavailable" -> PlatformException.Kind.UNAVAILABLE;
      default -> PlatformException.Kind.REFUSED;
    }, reason);
  }

  /** Whether a Content API envelope's {@code error} ({@code {"code","message"}}) reports a failure. */
  static boolean failed(com.fasterxml.jackson.databind.JsonNode error) {
    String code = error == null ? "" : error.isTextual() ? error.asText() : error.path("code").asText("");
    return !code.isEmpty() && !"ok".equals(code);
  }

  private static TokenAnswer read(Response response) {
    try {
      return response.readEntity(TokenAnswer.class);
    } catch (RuntimeException e) {
      return null; // not TikTok's JSON (a proxy's page, an empty body): the status alone decides
    }
  }
}
