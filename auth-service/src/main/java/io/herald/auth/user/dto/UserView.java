package io.herald.auth.user.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** A user of the tenant; {@code invitationToken} only in the answer to an invitation (shown once). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserView(UUID id, String email, String role, String status, Instant createdAt,
    String invitationToken, Instant invitationExpiresAt) {}
