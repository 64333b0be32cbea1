package io.herald.publisher.publish;

import java.net.ConnectException;
import java.net.UnknownHostException;

/** Reads what a network exception says about whether a request reached the platform. */
public final class Transport {
  private Transport() {}

  /** True when the connection was never made, so the platform cannot have seen the request. */
  public static boolean neverConnected(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }
}
