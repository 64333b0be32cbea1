package io.herald.content.account;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A TikTok creator's posting settings, as auth-service's capabilities answer carries TikTok's creator_info: the privacy
 * levels the creator offers, the interactions the creator has turned off in TikTok, and the longest video the creator
 * may post (null or 0: not said).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreatorInfo(List<String> privacyLevelOptions, boolean commentDisabled, boolean duetDisabled,
    boolean stitchDisabled, Integer maxVideoPostDurationSec) {

  public CreatorInfo {
    privacyLevelOptions = privacyLevelOptions == null ? List.of() : List.copyOf(privacyLevelOptions);
  }

  /** auth-service's capabilities answer; {@code tiktok} is absent for a Facebook Page. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Capabilities(CreatorInfo tiktok) {}
}
