package io.herald.auth.token;

/**
 * An RFC 6749 §5.2 error of the token endpoints, answered as {@code {"error","error_description"}} (not
 * problem+json, because OAuth clients expect this shape).
 */
public class OAuthError extends RuntimeException {
  private final int status;
  private final String error;
  private final boolean basicChallenge;

  public OAuthError(int status, String error, String description, boolean basicChallenge) {
    super(description);
    this.status = status;
    this.error = error;
    this.basicChallenge = basicChallenge;
  }

  public static OAuthError invalidRequest(String description) {
    return new OAuthError(400, "invalid_request", description, false);
  }

  public static OAuthError invalidGrant(String description) {
    return new OAuthError(400, "invalid_grant", description, false);
  }

  public static OAuthError invalidClient(boolean usedBasic) {
    return new OAuthError(401, "invalid_client", "Client authentication failed", usedBasic);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public boolean basicChallenge() {
    return basicChallenge;
  }
}
