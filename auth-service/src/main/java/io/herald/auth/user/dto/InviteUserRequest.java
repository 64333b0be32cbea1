package io.herald.auth.user.dto;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record InviteUserRequest(
    @NotBlank @Email @Size(max = 254) String email,
    @NotBlank @Pattern(regexp = "OWNER|ADMIN|EDITOR|VIEWER", message = "must be one of OWNER, ADMIN, EDITOR, VIEWER")
    String role) {}
