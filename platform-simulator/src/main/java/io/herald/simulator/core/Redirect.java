package io.herald.simulator.core;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code 302} to a client's redirect URI with query parameters appended exactly (values form-encoded verbatim). */
public final class Redirect {
  private final String base;
  private final Map<String, String> params = new LinkedHashMap<>();

  private Redirect(String base) {
    this.base = base;
  }

  public static Redirect to(String redirectUri) {
    return new Redirect(redirectUri);
  }

  /** An absolute http(s) URI without fragment (and, if {@code allowQuery} is false, without query). */
  public static boolean acceptable(String redirectUri, boolean allowQuery) {
    if (redirectUri == null || redirectUri.isBlank()) {
      return false;
    }
    try {
      URI uri = new URI(redirectUri);
      return uri.isAbsolute() && uri.getHost() != null && uri.getRawFragment() == null
          && (allowQuery || uri.getRawQuery() == null)
          && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  public Redirect param(String name, Object value) {
    if (value != null) {
      params.put(name, value.toString());
    }
    return this;
  }

  public Response build() {
    var url = new StringBuilder(base);
    char separator = base.contains("?") ? '&' : '?';
    for (var entry : params.entrySet()) {
      url.append(separator).append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8))
          .append('=').append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    return Response.status(Response.Status.FOUND).location(URI.create(url.toString())).build();
  }
}
