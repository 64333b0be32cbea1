package io.herald.simulator.tiktok;

import java.util.List;

/**
 * A simulated TikTok creator.
 *
 * @param openId                 the user's id for the app
 * @param username               {@code creator_username}
 * @param nickname               {@code creator_nickname}
 * @param privacyLevelOptions    what creator_info offers; a private account gets FOLLOWER_OF_CREATOR etc.
 * @param commentDisabled        creator_info {@code comment_disabled}
 * @param duetDisabled           creator_info {@code duet_disabled}
 * @param stitchDisabled         creator_info {@code stitch_disabled}
 * @param maxVideoPostDurationSec creator_info {@code max_video_post_duration_sec}
 * @param postingBlock           a cap error creator_info answers with HTTP 200 and init with 403
 *                               (e.g. {@code spam_risk_too_many_posts}), or null
 */
public record TikTokUser(
    String openId, String username, String nickname, List<String> privacyLevelOptions, boolean commentDisabled,
    boolean duetDisabled, boolean stitchDisabled, int maxVideoPostDurationSec, String postingBlock) {

  public static final List<String> PUBLIC_OPTIONS = List.of("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY");
}
