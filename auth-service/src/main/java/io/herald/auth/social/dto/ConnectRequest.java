package io.herald.auth.social.dto;

import io.herald.common.stream.Platform;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code returnUrl}: where the browser goes when the flow ends; its origin must be on the tenant's allowlist. */
public record ConnectRequest(@NotNull Platform platform, @Size(max = 2000) String returnUrl) {}
