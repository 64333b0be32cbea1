package io.herald.publisher.tiktok.webhook;

import io.herald.common.crypto.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * TikTok's webhook signature ({@code docs/platforms.md} §2.3 "Webhooks"): header
 * {@code TikTok-Signature: t=<unix seconds>,s=<hex>}, where {@code s} is the HMAC-SHA256 of {@code "<t>.<raw body>"}
 * keyed by the app's client secret. A signature older (or newer) than the tolerance is refused, so a captured request
 * cannot be replayed later.
 */
public final class TikTokWebhookSignature {
  private TikTokWebhookSignature() {}

  public static boolean verify(String header, String body, String clientSecret, Instant now, Duration tolerance) {
    if (header == null || body == null || clientSecret == null || clientSecret.isEmpty()) {
      return false;
    }
    String timestamp = null;
    String signature = null;
    for (String element : header.split(",")) {
      String[] pair = element.trim().split("=", 2);
      if (pair.length == 2 && pair[0].equals("t")) {
        timestamp = pair[1];
      } else if (pair.length == 2 && pair[0].equals("s")) {
        signature = pair[1];
      }
    }
    if (timestamp == null || signature == null || !timestamp.matches("\\d{1,12}")) {
      return false;
    }
    Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
    if (Duration.between(signedAt, now).abs().compareTo(tolerance) > 0) {
      return false;
    }
    return Secrets.constantTimeEquals(Secrets.hmacSha256Hex(clientSecret, timestamp + "." + body),
        signature.toLowerCase(Locale.ROOT));
  }
}
