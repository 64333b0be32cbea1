package io.herald.publisher.credentials;

/** auth-service could not answer (down, 5xx): transient, nothing was sent. */
public class CredentialsUnavailableException extends RuntimeException {
  public CredentialsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
