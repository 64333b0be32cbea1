package io.herald.simulator.control;

import java.util.List;

/**
 * Posts made on a Page outside Herald, for tests ({@code POST /_sim/facebook/pages/{page-id}/posts}).
 *
 * @param message     the text (stored normalised, as Facebook does)
 * @param kind        FEED (default; with {@code mediaUrls} a photo or multi-photo post), PHOTO, VIDEO, or VISITOR
 *                    (a visitor's post on the Page's feed)
 * @param mediaUrls   photo or video URLs; default the simulator's own media
 * @param appId       made by this other app; absent means by a Page admin on facebook.com (no {@code application})
 * @param createdTime ISO-8601 creation time, may be in the past; default now
 * @param count       how many such posts, default 1
 */
public record SeedPostsRequest(String message, String kind, List<String> mediaUrls, String appId, String createdTime,
    Integer count) {}
