package io.herald.auth.social.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.herald.common.stream.Platform;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What an account can publish now, as the platform says ({@code GET /api/v1/social-accounts/{id}/capabilities}):
 * {@code tiktok} for a TikTok account (creator_info), {@code facebook} for a Page (its token's permissions);
 * {@code checkedAt} is when the platform was asked (answers are kept up to a minute).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CapabilitiesView(UUID socialAccountId, Platform platform, TikTok tiktok, Facebook facebook,
    Instant checkedAt) {

  /**
   * TikTok's creator_info, as the Direct Post audit requires a client to use it: show {@code nickname}, offer only
   * {@code privacyLevelOptions} (no default), respect the disabled interactions and the longest video.
   * {@code postingBlocked} is a cap TikTok reports ({@code spam_risk_too_many_posts}, ...) or null.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TikTok(String nickname, String username, String avatarUrl, List<String> privacyLevelOptions,
      boolean commentDisabled, boolean duetDisabled, boolean stitchDisabled, Integer maxVideoPostDurationSec,
      String postingBlocked) {}

  /**
   * The Page token's state (debug_token): {@code tokenValid}, the {@code grantedScopes}, the required ones it lacks
   * ({@code missingScopes}), the post types it can take ({@code FEED}, {@code REEL}, {@code STORY}: each needs
   * {@code pages_manage_posts}) and whether a first comment can be posted ({@code pages_manage_engagement}).
   */
  public record Facebook(boolean tokenValid, List<String> grantedScopes, List<String> missingScopes,
      List<String> postTypes, boolean firstComment) {}
}
