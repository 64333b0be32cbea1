package io.herald.content.post.dto;

import io.herald.common.stream.PlatformOptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** One target of a post request: a connected social account and its platform options. */
public record TargetRequest(@NotNull UUID socialAccountId, @Valid TargetOptions options) {
  public PlatformOptions optionsOrNone() {
    return options == null ? PlatformOptions.NONE : options.toPlatformOptions();
  }
}
