package io.herald.auth.auth;

import io.vertx.core.http.HttpServerRequest;

/** The caller's address (the forwarded one when {@code quarkus.http.proxy.*} trusts the proxy in front). */
public final class ClientAddress {
  private ClientAddress() {}

  public static String of(HttpServerRequest request) {
    if (request == null || request.remoteAddress() == null) {
      return "unknown";
    }
    String host = request.remoteAddress().hostAddress();
    return host == null ? "unknown" : host;
  }
}
