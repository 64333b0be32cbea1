package io.herald.simulator.control;

import java.util.List;

/**
 * A TikTok creator to create without the authorize page.
 *
 * @param nickname                creator_nickname, default "Herald Demo Creator"
 * @param username                creator_username, default "herald.demo"
 * @param privacyLevelOptions     default PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY
 * @param commentDisabled         creator_info comment_disabled
 * @param duetDisabled            creator_info duet_disabled
 * @param stitchDisabled          creator_info stitch_disabled
 * @param maxVideoPostDurationSec default 300
 * @param postingBlock            e.g. spam_risk_too_many_posts: creator_info answers it with HTTP 200, init with 403
 * @param scopes                  granted scopes, default user.info.basic, video.publish, video.upload
 * @param clientKey               client the tokens belong to (for refresh), default "simulated-client"
 */
public record SeedTikTokUserRequest(
    String nickname, String username, List<String> privacyLevelOptions, Boolean commentDisabled,
    Boolean duetDisabled, Boolean stitchDisabled, Integer maxVideoPostDurationSec, String postingBlock,
    List<String> scopes, String clientKey) {}
