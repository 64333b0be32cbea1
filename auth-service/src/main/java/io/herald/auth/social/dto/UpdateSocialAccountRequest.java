package io.herald.auth.social.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PATCH /api/v1/social-accounts/{id}}: the settings of a connected account a tenant may change.
 *
 * @param verifiedUrlPrefixes TikTok: the https URL prefixes verified for Herald's app in TikTok's developer portal
 *                            (a domain is {@code https://cdn.example.com/}); replaces the stored list; {@code []}
 *                            clears it
 */
public record UpdateSocialAccountRequest(
    @NotNull @Size(max = MAX_PREFIXES)
    @Schema(description = "TikTok: https URL prefixes verified in TikTok's developer portal; TikTok photo posts to "
        + "this account are accepted only from URLs under one of them (when any is stated)")
    List<@NotBlank @Size(max = 2048) String> verifiedUrlPrefixes) {
  public static final int MAX_PREFIXES = 20;
}
