package io.herald.publisher.credentials;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.herald.common.stream.Platform;
import java.time.Instant;
import java.util.UUID;

/**
 * A social account's platform token, as auth-service's internal API answers it. {@link #toString()} masks the token.
 *
 * @param externalId the Facebook Page id or the TikTok open_id
 * @param expiresAt  null for Facebook Page tokens (no expiry)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Credentials(
    UUID socialAccountId, UUID tenantId, Platform platform, String externalId, String accessToken, Instant expiresAt) {

  public String bearer() {
    return "Bearer " + accessToken;
  }

  @Override
  public String toString() {
    return "Credentials[socialAccountId=" + socialAccountId + ", platform=" + platform + ", externalId=" + externalId
        + ", accessToken=***, expiresAt=" + expiresAt + "]";
  }
}
