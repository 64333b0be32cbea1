package io.herald.publisher.credentials;

/** auth-service says a user disconnected the account (409 .../account-disconnected): nothing is published to it. */
public class AccountDisconnectedException extends AccountNotFoundException {
  public AccountDisconnectedException(String message) {
    super(message);
  }
}
