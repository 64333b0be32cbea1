package io.herald.content.post.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.herald.common.stream.PlatformOptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One target of a post request: a connected social account, its platform options, and, where this target publishes
 * something else than the post, its own {@code text}, {@code link} or {@code media} (absent or null: the post's).
 * Each is checked against this target's platform. The overrides are left out of the request's JSON when absent, so
 * an idempotency key used before they existed still matches its request.
 */
@Schema(description = "One target: a connected social account, its options, and optionally its own text, link or "
    + "media instead of the post's (one post to TikTok and Facebook with a caption each)")
public record TargetRequest(
    @NotNull @Schema(description = "A connected social account of the tenant") UUID socialAccountId,
    @Valid TargetOptions options,
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "This target's own text instead of the post's (\"\" for none), checked against its "
        + "platform's limits")
    String text,
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "This target's own link instead of the post's (\"\" for none)", maxLength = 2048)
    String link,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Size(max = 35)
    @Schema(description = "This target's own media instead of the post's ([] for none)")
    List<@NotNull @Valid MediaRequest> media) {

  public PlatformOptions optionsOrNone() {
    return options == null ? PlatformOptions.NONE : options.toPlatformOptions();
  }
}
