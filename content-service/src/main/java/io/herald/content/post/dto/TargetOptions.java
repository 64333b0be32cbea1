package io.herald.content.post.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.herald.common.stream.PlatformOptions;
import io.herald.common.stream.PlatformOptions.FacebookType;
import io.herald.common.stream.PlatformOptions.Mode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A target's platform options as a client sends them: the fields of the stream contract's {@link PlatformOptions},
 * read strictly (an unknown field is a 422 naming it, never ignored). Which options a platform and post type take is
 * checked by {@code PostValidator}; an option the platform would ignore is refused, not dropped.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Platform options of one target; each applies to one platform and post type (README, "
    + "\"What each platform takes\"). An option the platform would ignore is refused (422), never dropped.")
public record TargetOptions(
    @Schema(description = "TikTok: privacy level (required for a direct post; not on an INBOX draft), one the creator "
        + "offers (GET /api/v1/social-accounts/{id}/capabilities; refused at create when the creator's settings can be "
        + "read); not SELF_ONLY with brandContent",
        enumeration = {"PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"})
    String privacyLevel,
    @Schema(description = "TikTok: turn comments off. Absent: as the creator has them in TikTok; false (allow) is "
        + "refused when the creator turned comments off") Boolean disableComment,
    @Schema(description = "TikTok video: turn duets off; absent and false as for disableComment") Boolean disableDuet,
    @Schema(description = "TikTok video: turn stitches off; absent and false as for disableComment")
    Boolean disableStitch,
    @Schema(description = "TikTok: DIRECT_POST (default) or INBOX (a draft the creator finishes)") Mode mode,
    @Schema(description = "TikTok photo post: title, at most 90 UTF-16 units (the text is the description); "
        + "Facebook video (FEED or REEL): the video's title, at most 255 characters", maxLength = 255)
    String title,
    @Schema(description = "TikTok photo post: let TikTok add music") Boolean autoAddMusic,
    @Schema(description = "TikTok video: paid partnership disclosure") Boolean brandContent,
    @Schema(description = "TikTok video: promotes the creator's own business") Boolean brandOrganic,
    @Schema(description = "TikTok video: the content is AI-generated") Boolean aigc,
    @Schema(description = "Facebook: FEED (default), REEL (one video, 3-90 s) or STORY (one photo or one video, "
        + "no text or link)")
    FacebookType facebookType,
    @Schema(description = "Facebook feed video: a thumbnail image by https URL (not on a REEL: its flow takes none)",
        maxLength = 2048)
    String thumbnailUrl,
    @Schema(description = "Facebook FEED or REEL: a comment posted as the Page once the post is published; its "
        + "outcome is shown on the target as firstComment")
    FirstCommentRequest firstComment,
    @Schema(description = "TikTok video, direct post: the frame used as the cover, in milliseconds from the start "
        + "(within the video when its durationSeconds is given; sent as post_info.video_cover_timestamp_ms); not on an "
        + "INBOX draft", minimum = "0")
    Long videoCoverTimestampMs,
    @Schema(description = "TikTok photo post: index (from 0) of the image used as the cover, below the number of "
        + "photos (sent as source_info.photo_cover_index; absent: the first)", minimum = "0")
    Integer photoCoverIndex,
    @Schema(description = "TikTok: the user accepted TikTok's Music Usage Confirmation (and, with brandContent, "
        + "the Branded Content Policy) before posting, as the Direct Post audit requires. Optional; stored and shown "
        + "on the target; false (the user did not accept) is refused")
    Boolean consentConfirmed) {

  /**
   * A Facebook first comment.
   *
   * @param text     the comment's message
   * @param imageUrl an image attached to the comment, by https URL
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(description = "A comment the Page posts under the published post (text, an image, or both)")
  public record FirstCommentRequest(
      @Schema(description = "The comment's message, at most 8,000 characters", maxLength = 8000) String text,
      @Schema(description = "An image attached to the comment, by https URL", maxLength = 2048) String imageUrl) {}

  /** The options as the stream contract carries them. */
  public PlatformOptions toPlatformOptions() {
    return new PlatformOptions(privacyLevel, disableComment, disableDuet, disableStitch, mode, title, autoAddMusic,
        brandContent, brandOrganic, aigc, facebookType, thumbnailUrl,
        firstComment == null ? null : new PlatformOptions.FirstComment(firstComment.text(), firstComment.imageUrl()),
        videoCoverTimestampMs, photoCoverIndex, consentConfirmed);
  }
}
