package io.herald.auth.social.dto;

import io.herald.common.stream.Platform;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A social account as tenants see it (never with tokens): {@code name} is the Page's name or the TikTok creator's
 * display name, {@code avatarUrl} the creator's avatar (TikTok; null when unknown), {@code verifiedUrlPrefixes}
 * TikTok's URL prefixes the tenant verified in TikTok's developer portal (empty when not stated).
 */
public record SocialAccountView(UUID id, Platform platform, String externalId, String name, String avatarUrl,
    String status, Instant connectedAt, List<String> verifiedUrlPrefixes) {}
