package io.herald.health.alert;

import java.net.URI;

/**
 * A configured alert receiver. The URL may carry a secret (Slack's does), so it is never stored, logged or shown:
 * deliveries refer to the webhook by {@code id}, a fingerprint of the URL, and show only its host.
 */
public record Webhook(String id, Format format, URI url) {
  public enum Format { JSON, SLACK }

  public String host() {
    return url.getHost();
  }

  @Override
  public String toString() {
    return "Webhook[" + id + ", " + format + ", " + host() + "]";
  }
}
