package io.herald.content.account;

/** auth-service could not be asked (down, timing out, breaker open, or an unexpected answer). */
public class AccountLookupFailedException extends RuntimeException {
  public AccountLookupFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
