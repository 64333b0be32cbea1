package io.herald.auth.auth;

import io.herald.auth.config.AuthConfig;
import io.herald.common.net.AddressRange;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The caller's address, for login throttling and the audit log. The TCP peer is the client unless it is one of
 * {@code herald.login.trusted-proxies}; then the client is the right-most address of the configured forwarded
 * header ({@code X-Forwarded-For} or {@code Forwarded}) that is not itself a trusted proxy. Right-most, because a
 * proxy appends what it saw and everything to the left of that came from the client, who may write anything there
 * (Quarkus' own {@code quarkus.http.proxy.*} forwarding takes the left-most entry, so auth-service leaves it off).
 * Only IP literals are read (never a DNS look-up of a header value).
 */
@ApplicationScoped
public class ClientAddress {
  private static final Pattern FORWARDED_FOR = Pattern.compile("(?i)(?:^|;)\\s*for\\s*=\\s*(\"[^\"]*\"|[^;,\\s]*)");

  private final List<AddressRange> trusted;
  private final boolean rfc7239;

  @Inject
  ClientAddress(AuthConfig.Login config) {
    this(config.trustedProxies().orElse(List.of()), config.forwardedHeader());
  }

  ClientAddress(List<String> trustedProxies, String header) {
    var ranges = new ArrayList<AddressRange>();
    for (String entry : trustedProxies) {
      if (!entry.isBlank()) {
        ranges.add(AddressRange.parse(entry, "herald.login.trusted-proxies"));
      }
    }
    this.trusted = List.copyOf(ranges);
    this.rfc7239 = "forwarded".equalsIgnoreCase(header.strip());
    if (!rfc7239 && !"x-forwarded-for".equalsIgnoreCase(header.strip())) {
      throw new IllegalStateException("herald.login.forwarded-header must be X-Forwarded-For or Forwarded");
    }
  }

  public String of(HttpServerRequest request) {
    if (request == null) {
      return "unknown";
    }
    var socket = request.connection() != null ? request.connection().remoteAddress() : request.remoteAddress();
    String peer = socket == null ? null : socket.hostAddress();
    if (peer == null) {
      return "unknown";
    }
    return resolve(peer, request.headers().getAll(rfc7239 ? "Forwarded" : "X-Forwarded-For"));
  }

  /** The client behind {@code peer}, given the values of the forwarded header in the order received. */
  String resolve(String peer, List<String> headerValues) {
    InetAddress hop = AddressRange.literal(peer);
    if (hop == null || !isTrusted(hop) || headerValues == null || headerValues.isEmpty()) {
      return peer;
    }
    var chain = new ArrayList<String>();
    for (String value : headerValues) {
      for (String element : value.split(",")) {
        chain.add(rfc7239 ? forwardedFor(element) : element.strip());
      }
    }
    String client = hop.getHostAddress();
    for (int i = chain.size() - 1; i >= 0; i--) {
      InetAddress address = AddressRange.literal(stripPort(chain.get(i)));
      if (address == null) {
        Log.debugf("Unreadable forwarded address '%s'; the client is the proxy that forwarded it", chain.get(i));
        return client;
      }
      client = address.getHostAddress();
      if (!isTrusted(address)) {
        return client;
      }
    }
    return client;
  }

  private boolean isTrusted(InetAddress address) {
    for (AddressRange range : trusted) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static String forwardedFor(String element) {
    Matcher matcher = FORWARDED_FOR.matcher(element);
    if (!matcher.find()) {
      return "";
    }
    String value = matcher.group(1);
    return value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
  }

  /** {@code 1.2.3.4:5678} -> {@code 1.2.3.4}, {@code [2001:db8::1]:80} -> {@code 2001:db8::1}. */
  private static String stripPort(String value) {
    String v = value.strip();
    if (v.startsWith("[")) {
      int end = v.indexOf(']');
      return end > 0 ? v.substring(1, end) : v;
    }
    int colon = v.indexOf(':');
    return colon > 0 && colon == v.lastIndexOf(':') ? v.substring(0, colon) : v;
  }
}
