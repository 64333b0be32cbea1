package io.herald.auth.social.dto;

import io.herald.common.stream.Platform;
import jakarta.validation.constraints.NotNull;

public record ConnectRequest(@NotNull Platform platform) {}
