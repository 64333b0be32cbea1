package io.herald.content.account;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.herald.common.stream.Platform;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A connected social account as auth-service's internal API describes it (no tokens). {@code verifiedUrlPrefixes}:
 * TikTok, the URL prefixes the tenant verified in TikTok's developer portal (empty or absent: not stated).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SocialAccount(
    UUID id, UUID tenantId, Platform platform, String externalId, String name, Status status, Instant connectedAt,
    List<String> verifiedUrlPrefixes) {

  public SocialAccount {
    verifiedUrlPrefixes = verifiedUrlPrefixes == null ? List.of() : List.copyOf(verifiedUrlPrefixes);
  }

  public enum Status {
    ACTIVE,
    NEEDS_REAUTH,
    DISCONNECTED
  }
}
