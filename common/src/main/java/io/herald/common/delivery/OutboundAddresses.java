package io.herald.common.delivery;

import io.herald.common.net.AddressRange;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where Herald may send a request whose address a tenant chose (a webhook endpoint, a media URL it downloads): never
 * to loopback, private, link-local (cloud metadata), carrier-grade NAT, multicast or unspecified addresses, nor to
 * cluster-internal names, unless an operator allowlisted them ({@code herald.outbound.allow}: hosts, or address
 * ranges in CIDR form; tests and the local run allowlist loopback). Plain http only to what is allowlisted; https
 * everywhere else. The check is made when the request is sent, on
 * every address the name resolves to, and the request then connects to the checked address ({@link Target#address}),
 * so a name that resolves differently a moment later (DNS rebinding) cannot redirect it.
 */
@Singleton
public class OutboundAddresses {
  /** An address Herald may connect to, for a URL. */
  public record Target(URI url, InetAddress address, int port) {
    /** Where a Vert.x client connects in place of resolving the URL's host again. */
    public SocketAddress server() {
      return SocketAddress.inetSocketAddress(port, address.getHostAddress());
    }
  }

  /** The URL is not one Herald may send to; {@link #getMessage()} is safe to show the tenant. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  private static final List<String> INTERNAL_SUFFIXES = List.of(".local", ".internal", ".localdomain", ".svc",
      ".cluster.local", ".lan", ".home.arpa");

  private final List<String> allowedHosts;
  private final List<AddressRange> allowedRanges;

  @Inject
  OutboundAddresses(@ConfigProperty(name = "herald.outbound.allow") Optional<List<String>> allow) {
    this(allow.orElse(List.of()));
  }

  /** {@code allow}: hosts (e.g. {@code localhost}) and CIDR ranges (e.g. {@code 127.0.0.0/8}) allowed all the same. */
  public OutboundAddresses(List<String> allow) {
    this.allowedHosts = allow.stream().filter(a -> !a.contains("/")).map(a -> a.toLowerCase(Locale.ROOT)).toList();
    this.allowedRanges = allow.stream().filter(a -> a.contains("/"))
        .map(a -> AddressRange.parse(a, "herald.outbound.allow")).toList();
  }

  /**
   * Checks a URL's form without resolving it (for a quick refusal when it is registered): an absolute http(s) URL
   * with a host that is neither an internal name nor a literal address Herald may not reach.
   */
  public void checkForm(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new Refused("the URL must be an absolute https URL");
    }
    String host = url.getHost();
    if (host == null || host.isBlank() || url.getUserInfo() != null) {
      throw new Refused("the URL must name a host (and no user or password)");
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (allowedHosts.contains(name)) {
      return;
    }
    if (scheme.equals("http") && !(isLiteral(name) && inAllowedRange(stripBrackets(name)))) {
      throw new Refused("the URL must be an absolute https URL");
    }
    if (name.equals("localhost") || name.endsWith(".localhost") || !name.contains(".") && !isLiteral(name)
        || INTERNAL_SUFFIXES.stream().anyMatch(name::endsWith)) {
      throw new Refused("the URL's host is an internal name");
    }
    if (isLiteral(name)) {
      try {
        checkAddress(InetAddress.getByName(stripBrackets(name)));
      } catch (UnknownHostException e) {
        throw new Refused("the URL's host is not a valid address");
      }
    }
  }

  /** Why Herald would not send to {@code url}, judged by its form ({@link #checkForm}); empty when it would. */
  public Optional<String> formProblem(String url) {
    try {
      checkForm(new URI(url));
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of("must be an absolute https URL");
    } catch (Refused e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Resolves the URL's host now and checks every address it has; answers the one to connect to. */
  public Target resolve(URI url) {
    checkForm(url);
    String host = stripBrackets(url.getHost());
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new Refused("the URL's host does not resolve");
    }
    if (!allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
      for (InetAddress address : addresses) {
        checkAddress(address);
      }
    }
    int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    return new Target(url, addresses[0], port);
  }

  private boolean inAllowedRange(String literal) {
    try {
      InetAddress address = InetAddress.getByName(literal);
      return allowedRanges.stream().anyMatch(range -> range.contains(address));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private void checkAddress(InetAddress address) {
    if (allowedRanges.stream().anyMatch(range -> range.contains(address))) {
      return;
    }
    if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress() || isSharedOrReserved(address)) {
      throw new Refused("the URL's host resolves to an address Herald does not send to (private, loopback or"
          + " link-local)");
    }
  }

  /** Carrier-grade NAT (100.64/10), 0/8, IPv6 unique-local (fc00::/7) and IPv4-mapped forms of the ranges above. */
  private static boolean isSharedOrReserved(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 || first == 100 && second >= 64 && second < 128 || first >= 240;
    }
    if (address instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc;
    }
    return false;
  }

  private static boolean isLiteral(String host) {
    return host.startsWith("[") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":");
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
