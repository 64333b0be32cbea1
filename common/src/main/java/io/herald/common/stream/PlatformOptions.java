package io.herald.common.stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

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
 * @param facebookType   Facebook: what to publish on the Page, {@code FEED} (default), {@code REEL} or {@code STORY}
 * @param thumbnailUrl   Facebook video: a thumbnail image (JPEG or PNG) by URL; {@code title} is the video's title
 * @param firstComment   Facebook: a comment posted as the Page once the post is published
 * @param videoCoverTimestampMs TikTok video: the frame, in milliseconds from the start, used as the cover
 * @param photoCoverIndex TikTok photo post: the index of the image used as the cover
 * @param consentConfirmed TikTok: the user saw and accepted TikTok's Music Usage Confirmation (and, with
 *                       {@code brandContent}, the Branded Content Policy) before posting, as the Direct Post
 *                       audit requires
 *
 * <p>Read tolerantly, as a stream message must be (a newer producer's fields are skipped). Clients' requests are not
 * read into this type but into content-service's strict {@code TargetOptions}, so a typo there is refused.
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
    Boolean aigc,
    FacebookType facebookType,
    String thumbnailUrl,
    FirstComment firstComment,
    Long videoCoverTimestampMs,
    Integer photoCoverIndex,
    Boolean consentConfirmed) {

  public enum Mode {
    DIRECT_POST,
    INBOX
  }

  /** A TikTok interaction a post can allow and a creator can turn off in TikTok (creator_info). */
  public enum Interaction {
    COMMENTS("disableComment"),
    DUETS("disableDuet"),
    STITCHES("disableStitch");

    /** The option that allows or forbids it. */
    public final String option;

    Interaction(String option) {
      this.option = option;
    }
  }

  /**
   * The interactions this TikTok post allows ({@code disable…: false}) that the creator has turned off in TikTok: a
   * post may not allow them (one left unset follows the creator's setting). Duets and stitches apply to videos only.
   */
  public List<Interaction> allowedButTurnedOff(boolean video, boolean commentsOff, boolean duetsOff,
      boolean stitchesOff) {
    var refused = new ArrayList<Interaction>();
    if (Boolean.FALSE.equals(disableComment) && commentsOff) {
      refused.add(Interaction.COMMENTS);
    }
    if (video && Boolean.FALSE.equals(disableDuet) && duetsOff) {
      refused.add(Interaction.DUETS);
    }
    if (video && Boolean.FALSE.equals(disableStitch) && stitchesOff) {
      refused.add(Interaction.STITCHES);
    }
    return refused;
  }

  /** What a Facebook target publishes on the Page. */
  public enum FacebookType {
    FEED,
    REEL,
    STORY
  }

  /**
   * A comment the worker posts as the Page under the published post, as a ledger step of its own.
   *
   * @param text     the comment's message
   * @param imageUrl an image attached to the comment, by URL (optional)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FirstComment(String text, String imageUrl) {}

  public static final PlatformOptions NONE =
      new PlatformOptions(null, null, null, null, null, null, null, null, null, null);

  /** TikTok's options alone (the Facebook and cover options absent). */
  public PlatformOptions(String privacyLevel, Boolean disableComment, Boolean disableDuet, Boolean disableStitch,
      Mode mode, String title, Boolean autoAddMusic, Boolean brandContent, Boolean brandOrganic, Boolean aigc) {
    this(privacyLevel, disableComment, disableDuet, disableStitch, mode, title, autoAddMusic, brandContent,
        brandOrganic, aigc, null, null, null, null, null, null);
  }

  public Mode modeOrDefault() {
    return mode == null ? Mode.DIRECT_POST : mode;
  }

  public FacebookType facebookTypeOrDefault() {
    return facebookType == null ? FacebookType.FEED : facebookType;
  }
}
