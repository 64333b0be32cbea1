package io.herald.content.account;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.herald.common.stream.Platform;
import java.time.Instant;
import java.util.UUID;

/** A connected social account as auth-service's internal API describes it (no tokens). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SocialAccount(
    UUID id, UUID tenantId, Platform platform, String externalId, String name, Status status, Instant connectedAt) {

  public enum Status {
    ACTIVE,
    NEEDS_REAUTH,
    DISCONNECTED
  }
}
