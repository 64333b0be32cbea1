package io.herald.auth.auth.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record AcceptInvitationRequest(
    @NotBlank @Size(max = 100) String token,
    @NotBlank @Size(max = 200) String password) {}
