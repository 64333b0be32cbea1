package io.herald.publisher.publish;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** Reads what a network exception says about whether a request reached the platform. */
public final class Transport {
  private Transport() {}

  /** True when the connection was never made, so the platform cannot have seen the request. */
  private static boolean neverConnected(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The failure of a call to {@code platform} (named {@code name} in messages) that got no answer. A call with a
   * {@linkplain SideEffect side effect} that may have reached the platform has an unknown outcome; anything else is
   * transient.
   */
  public static PlatformFailure unanswered(String platform, String name, Throwable e, boolean sideEffect) {
    boolean mayHaveLanded = sideEffect && !neverConnected(e);
    ErrorClass errorClass = mayHaveLanded ? ErrorClass.UNKNOWN_OUTCOME : ErrorClass.TRANSIENT;
    PlatformError error = !neverConnected(e) && timedOut(e)
        ? PlatformError.of(errorClass, platform + ":timeout", name + " did not answer in time")
        : PlatformError.of(errorClass, platform + ":network", name + " could not be reached: " + e.getMessage());
    return PlatformFailure.unanswered(error, e);
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
