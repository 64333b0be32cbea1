package io.herald.publisher.credentials;

/** auth-service does not know the social account (404): the target fails for good. */
public class AccountNotFoundException extends RuntimeException {
  public AccountNotFoundException(String message) {
    super(message);
  }
}
