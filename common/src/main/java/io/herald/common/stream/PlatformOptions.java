package io.herald.common.stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Per-target platform options, as clients send them in a post's target and as they travel in a job.
 * Every field is optional; which apply depends on the platform (TikTok for most of them).
 *
 * @param privacyLevel   TikTok privacy level, one of the creator's {@code privacy_level_options}
 * @param disableComment TikTok: turn comments off
 * @param disableDuet    TikTok: turn duets off (video)
 * @param disableStitch  TikTok: turn stitches off (video)
 * @param mode           TikTok: {@code DIRECT_POST} (default) or {@code INBOX} (a draft the creator finishes)
 * @param title          TikTok photo title (the post text becomes the description)
 * @param autoAddMusic   TikTok photo posts: let TikTok add music
 * @param brandContent   TikTok: paid partnership disclosure
 * @param brandOrganic   TikTok: promoting the creator's own business
 * @param aigc           TikTok: the content is AI-generated
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlatformOptions(
    String privacyLevel,
    Boolean disableComment,
    Boolean disableDuet,
    Boolean disableStitch,
    Mode mode,
    String title,
    Boolean autoAddMusic,
    Boolean brandContent,
    Boolean brandOrganic,
    Boolean aigc) {

  public enum Mode {
    DIRECT_POST,
    INBOX
  }

  public static final PlatformOptions NONE =
      new PlatformOptions(null, null, null, null, null, null, null, null, null, null);

  public Mode modeOrDefault() {
    return mode == null ? Mode.DIRECT_POST : mode;
  }
}
