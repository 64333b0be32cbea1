package io.herald.publisher.support;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.JobPayload;
import io.herald.common.stream.Media;
import io.herald.common.stream.Platform;
import io.herald.common.stream.PlatformOptions;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builds publish jobs for tests; each call makes a new target (and the caller's own tenant and account). */
public final class Jobs {
  private Jobs() {}

  public static JobMessage job(Account account, JobPayload payload) {
    return new JobMessage(UUID.randomUUID(), account.tenantId(), UUID.randomUUID(), UUID.randomUUID(), 1,
        account.platform(), account.id(), Instant.now(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        payload, false);
  }

  public static JobPayload text(String text) {
    return new JobPayload(text, null, List.of(), null);
  }

  public static JobPayload link(String text, String link) {
    return new JobPayload(text, link, List.of(), null);
  }

  public static JobPayload media(String text, PlatformOptions options, Media... media) {
    return new JobPayload(text, null, List.of(media), options);
  }

  public static Media image(String url) {
    return new Media(Media.Type.IMAGE, url);
  }

  public static Media video(String url) {
    return new Media(Media.Type.VIDEO, url);
  }

  /** A connected account of a fresh tenant. */
  public record Account(UUID id, UUID tenantId, Platform platform, String externalId, String token) {
    public static Account facebook() {
      return new Account(UUID.randomUUID(), UUID.randomUUID(), Platform.FACEBOOK,
          "page" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L),
          "EAAtoken" + UUID.randomUUID());
    }

    public static Account tiktok() {
      return new Account(UUID.randomUUID(), UUID.randomUUID(), Platform.TIKTOK, "open-" + UUID.randomUUID(),
          "act." + UUID.randomUUID());
    }
  }
}
