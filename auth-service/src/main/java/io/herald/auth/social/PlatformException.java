package io.herald.auth.social;

/** A platform answered an OAuth call with an error, or could not be reached. */
public class PlatformException extends RuntimeException {
  /** What the caller should make of it. */
  public enum Kind {
    /** The code, refresh token or grant is no longer valid: the user must reconnect. */
    INVALID_GRANT,
    /** The platform refused the request for another reason (bad code, client misconfigured, denied). */
    REFUSED,
    /** Timeout, network failure or server error: try again later. */
    UNAVAILABLE
  }

  private final Kind kind;

  public PlatformException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public PlatformException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** The exception for this kind; UNAVAILABLE ones are what the platform circuit breakers count. */
  public static PlatformException of(Kind kind, String message) {
    return kind == Kind.UNAVAILABLE ? new Unavailable(message, null) : new PlatformException(kind, message);
  }

  public static PlatformException unavailable(String message, Throwable cause) {
    return new Unavailable(message, cause);
  }

  /** The platform's rate limit was reached (TikTok's HTTP 429 {@code rate_limit_exceeded}). */
  public static PlatformException throttled(String message) {
    return new Throttled(message);
  }

  /** Throttled by the platform: UNAVAILABLE for the breakers, told apart where a caller can say when to retry. */
  public static class Throttled extends Unavailable {
    Throttled(String message) {
      super(message, null);
    }
  }

  /** The platform could not be reached or failed on its side. */
  public static class Unavailable extends PlatformException {
    Unavailable(String message, Throwable cause) {
      super(Kind.UNAVAILABLE, message, cause);
    }
  }

  public Kind kind() {
    return kind;
  }
}
