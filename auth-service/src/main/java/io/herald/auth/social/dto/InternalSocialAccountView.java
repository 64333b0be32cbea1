package io.herald.auth.social.dto;

import io.herald.common.stream.Platform;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A social account as Herald's own services see it (docs/internal-api.md). */
public record InternalSocialAccountView(UUID id, UUID tenantId, Platform platform, String externalId, String name,
    String status, Instant connectedAt, List<String> verifiedUrlPrefixes) {}
