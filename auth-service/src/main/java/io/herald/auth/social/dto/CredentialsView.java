package io.herald.auth.social.dto;

import io.herald.common.stream.Platform;
import java.time.Instant;
import java.util.UUID;

/** A usable platform access token for publisher-worker; {@code expiresAt} is null for Facebook Page tokens. */
public record CredentialsView(UUID socialAccountId, UUID tenantId, Platform platform, String externalId,
    String accessToken, Instant expiresAt) {}
