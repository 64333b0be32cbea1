package io.herald.simulator.facebook;

import io.herald.simulator.published.Publication;
import io.herald.simulator.published.PublishedItem;
import java.time.Instant;
import java.util.List;

/**
 * Something created on a Page: a feed post, a photo or a video.
 *
 * @param id                   the post id {@code {page-id}_{post-id}}
 * @param objectId             the photo or video id, null for a feed post
 * @param kind                 FEED, PHOTO or VIDEO
 * @param pageId               the Page
 * @param message              message, caption or description
 * @param title                video title
 * @param link                 feed link
 * @param mediaUrls            photo url, video file_url, or attached photos' urls
 * @param createdTime          creation time
 * @param published            false for unpublished and scheduled posts (see {@link #live()})
 * @param scheduledPublishTime when a scheduled post goes live, else null
 */
public record FacebookPost(
    String id, String objectId, String kind, String pageId, String message, String title, String link,
    List<String> mediaUrls, Instant createdTime, boolean published, Instant scheduledPublishTime)
    implements Publication {

  /** Published now: published at creation, or scheduled for a time that has come. */
  public boolean live() {
    return published || (scheduledPublishTime != null && !Instant.now().isBefore(scheduledPublishTime));
  }

  @Override
  public PublishedItem view() {
    return new PublishedItem("FACEBOOK", kind, pageId, id, objectId, message, title, link, mediaUrls, createdTime,
        live(), scheduledPublishTime, null, null, null, null, null);
  }
}
