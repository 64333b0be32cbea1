package io.herald.publisher.publish;

import java.time.Duration;

/**
 * A classified platform failure.
 *
 * @param errorClass what to do about it
 * @param code       stable code for the result, e.g. {@code facebook:190/460} or {@code tiktok:invalid_param}
 * @param message    the platform's message (never a token)
 * @param advisedWait       for THROTTLED, how long the platform advises to wait (null when it says nothing)
 */
public record PlatformError(ErrorClass errorClass, String code, String message, Duration advisedWait) {

  public static PlatformError of(ErrorClass errorClass, String code, String message) {
    return new PlatformError(errorClass, code, message, null);
  }

  public boolean is(ErrorClass other) {
    return errorClass == other;
  }

  /** The code and the message, as the reason Herald reports (to auth-service, with an account needing a reconnect). */
  public String reason() {
    return code + " " + message;
  }
}
