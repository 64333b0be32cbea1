package io.herald.auth.user.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

public record ChangeRoleRequest(
    @NotBlank @Pattern(regexp = "OWNER|ADMIN|EDITOR|VIEWER", message = "must be one of OWNER, ADMIN, EDITOR, VIEWER")
    String role) {}
