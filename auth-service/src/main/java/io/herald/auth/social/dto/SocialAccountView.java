package io.herald.auth.social.dto;

import io.herald.common.stream.Platform;
import java.time.Instant;
import java.util.UUID;

/** A social account as tenants see it (never with tokens). */
public record SocialAccountView(UUID id, Platform platform, String externalId, String name, String status,
    Instant connectedAt) {}
