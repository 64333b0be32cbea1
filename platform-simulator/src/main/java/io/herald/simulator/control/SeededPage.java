package io.herald.simulator.control;

/**
 * A seeded Page with its tokens.
 *
 * @param pageId    the Page id
 * @param name      the Page name
 * @param pageToken the Page access token (no expiry)
 * @param userId    the user who manages the Page
 * @param userToken a long-lived user token of that user
 */
public record SeededPage(String pageId, String name, String pageToken, String userId, String userToken) {}
