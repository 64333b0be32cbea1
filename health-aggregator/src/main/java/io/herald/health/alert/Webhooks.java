package io.herald.health.alert;

import io.herald.health.config.HealthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The alert webhooks from {@code herald.health.alert-webhooks}: {@code URL}, {@code json=URL} or {@code slack=URL}. */
@ApplicationScoped
public class Webhooks {
  private final List<Webhook> all;

  Webhooks(HealthConfig config) {
    this.all = parse(config.alertWebhooks().orElse(""));
  }

  public List<Webhook> all() {
    return all;
  }

  public Optional<Webhook> byId(String id) {
    return all.stream().filter(w -> w.id().equals(id)).findFirst();
  }

  static List<Webhook> parse(String list) {
    var result = new ArrayList<Webhook>();
    int position = 0;
    for (String entry : list.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      position++;
      Webhook.Format format = Webhook.Format.JSON;
      String url = trimmed;
      int eq = trimmed.indexOf('=');
      if (eq > 0 && !trimmed.substring(0, eq).contains(":")) {
        String prefix = trimmed.substring(0, eq).trim().toUpperCase(Locale.ROOT);
        try {
          format = Webhook.Format.valueOf(prefix);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("herald.health.alert-webhooks: entry " + position
              + " has the unknown format '" + prefix + "' (json or slack)");
        }
        url = trimmed.substring(eq + 1).trim();
      }
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      boolean http = uri != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
      if (!http || uri.getHost() == null) {
        // The URL itself may be a secret: name the entry by position only.
        throw new IllegalArgumentException(
            "herald.health.alert-webhooks: entry " + position + " is not an http(s) URL");
      }
      result.add(new Webhook(fingerprint(uri.toString()), format, uri));
    }
    return List.copyOf(result);
  }

  static String fingerprint(String url) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
