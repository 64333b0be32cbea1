package io.herald.common.stream;

/** A stream entry that does not follow the contract (unknown version, missing or bad field): dead-letter it. */
public class MalformedMessageException extends RuntimeException {
  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
