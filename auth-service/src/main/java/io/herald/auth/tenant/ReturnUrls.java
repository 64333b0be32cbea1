package io.herald.auth.tenant;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a connect flow may send the browser back to. A tenant lists exact origins ({@code https://app.example.com},
 * {@code https://app.example.com:8443}); a returnUrl is accepted when its origin is one of them. Only https, except
 * for loopback hosts (a developer's machine).
 */
public final class ReturnUrls {
  public static final int MAX_ORIGINS = 20;
  public static final int MAX_ORIGIN_LENGTH = 200;
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

  private ReturnUrls() {}

  /** The origin in its normal form (lower case, no default port), if {@code value} is exactly an origin. */
  public static Optional<String> origin(String value) {
    if (value == null || value.length() > MAX_ORIGIN_LENGTH) {
      return Optional.empty();
    }
    var uri = parse(value);
    if (uri.isEmpty()) {
      return Optional.empty();
    }
    String path = uri.get().getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.get().getRawQuery() != null
        || uri.get().getRawFragment() != null) {
      return Optional.empty();
    }
    return originOf(uri.get());
  }

  /** {@code returnUrl} itself, if it is an absolute URL (no fragment) whose origin is on {@code allowlist}. */
  public static Optional<String> checkReturnUrl(String returnUrl, List<String> allowlist) {
    var uri = parse(returnUrl);
    if (uri.isEmpty() || uri.get().getRawFragment() != null) {
      return Optional.empty();
    }
    return originOf(uri.get()).filter(allowlist::contains).map(o -> returnUrl);
  }

  private static Optional<URI> parse(String value) {
    if (value == null || value.isBlank() || value.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
      return Optional.empty();
    }
    try {
      var uri = new URI(value);
      return uri.isAbsolute() && uri.getRawAuthority() != null ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> originOf(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || uri.getRawUserInfo() != null) {
      return Optional.empty();
    }
    host = host.toLowerCase(Locale.ROOT);
    boolean loopback = LOOPBACK.contains(host);
    if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
      return Optional.empty();
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
    return Optional.of(scheme + "://" + host + (defaultPort ? "" : ":" + port));
  }
}
