package io.herald.auth.social.dto;

import io.herald.common.stream.Platform;
import java.time.Instant;
import java.util.UUID;

/**
 * A social account as tenants see it (never with tokens): {@code name} is the Page's name or the TikTok creator's
 * display name, {@code avatarUrl} the creator's avatar (TikTok; null when unknown).
 */
public record SocialAccountView(UUID id, Platform platform, String externalId, String name, String avatarUrl,
    String status, Instant connectedAt) {}
