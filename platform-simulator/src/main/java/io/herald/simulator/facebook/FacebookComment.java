package io.herald.simulator.facebook;

import java.time.Instant;

/**
 * A comment on a Page's post or video: by the Page (through the API) or by a visitor (seeded for tests).
 *
 * @param id            {@code {object-id}_{comment-id}}, as Graph shows comment ids
 * @param objectId      the post or video it comments on
 * @param from          its author: the Page, or a visitor
 * @param message       its text (null when it is only an attachment)
 * @param attachmentUrl the image it attaches, by URL
 * @param appId         the app that made it (null for a visitor)
 */
public record FacebookComment(String id, String objectId, FacebookPost.Profile from, String message,
    String attachmentUrl, Instant createdTime, String appId) {}
