package io.herald.auth.social;

import io.herald.auth.social.FacebookRestClient.ErrorAnswer;
import io.herald.auth.social.FacebookRestClient.GraphError;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * What a Graph error means for the login flow (docs/platforms.md, "1.3 Errors and throttling"): codes 1 and 2 and
 * transient errors, 5xx and unreadable answers are UNAVAILABLE (what the breaker counts); 190 is INVALID_GRANT;
 * any other Graph error is REFUSED.
 */
class FacebookErrors implements ResponseExceptionMapper<PlatformException> {

  @Override
  public PlatformException toThrowable(Response response) {
    int status = response.getStatus();
    GraphError error = status < 500 ? read(response) : null;
    return error != null ? refusal(error, status)
        : PlatformException.of(PlatformException.Kind.UNAVAILABLE, "facebook: HTTP " + status);
  }

  /** The exception for a Graph error answered with {@code status}. */
  static PlatformException refusal(GraphError error, int status) {
    int code = error.code();
    String reason = "facebook:" + code + (error.subcode() != null ? "/" + error.subcode() : "") + " "
        + (error.message() != null ? error.message() : "HTTP " + status);
    boolean transientError = code == 1 || code == 2 || error.isTransient();
    return PlatformException.of(transientError ? PlatformException.Kind.UNAVAILABLE
        : code == 190 ? PlatformException.Kind.INVALID_GRANT : PlatformException.Kind.REFUSED, reason);
  }

  private static GraphError read(Response response) {
    try {
      ErrorAnswer answer = response.readEntity(ErrorAnswer.class);
      return answer == null ? null : answer.error();
    } catch (RuntimeException e) {
      return null; // not Graph's JSON (a proxy's page, an empty body): the status alone decides
    }
  }
}
