package io.herald.auth.auth.dto;

import java.util.UUID;

/** The caller as auth-service knows them. */
public record MeView(UUID userId, String email, String role, UUID tenantId, String tenantName) {}
