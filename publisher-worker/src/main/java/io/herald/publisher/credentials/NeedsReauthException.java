package io.herald.publisher.credentials;

/** auth-service says the account must be reconnected (409 .../needs-reauth, or {@code invalid_grant} on refresh). */
public class NeedsReauthException extends RuntimeException {
  public NeedsReauthException(String message) {
    super(message);
  }
}
