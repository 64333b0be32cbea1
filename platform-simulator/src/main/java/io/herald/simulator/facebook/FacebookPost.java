package io.herald.simulator.facebook;

import io.herald.simulator.published.Publication;
import io.herald.simulator.published.PublishedItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Something on a Page: a feed post (text, link or attached photos), a photo, a video, or a visitor's post. A photo
 * or video has two ids, its own ({@link #objectId()}) and its post's ({@link #id()}); a photo uploaded unpublished
 * (for {@code attached_media}) has no post of its own ({@code id} null) until a feed post attaches it.
 * Publication state changes (a post published later by id), so it is kept here and read at every call.
 */
public final class FacebookPost implements Publication {
  /**
   * What was posted: a feed post, a photo, a video ({@code /videos}), a visitor's post, a Reel ({@code video_reels})
   * or a Story ({@code photo_stories}, {@code video_stories}).
   */
  public enum Kind { FEED, PHOTO, VIDEO, VISITOR, REEL, STORY }

  /** Who made it: an app through the API, a Page admin on facebook.com, or a visitor on the Page's feed. */
  public enum MadeBy { APP, ADMIN, VISITOR }

  /** A person or Page as Graph shows it. */
  public record Profile(String id, String name) {}

  /**
   * Who made it.
   *
   * @param madeBy APP, ADMIN or VISITOR
   * @param appId  the app that created it (Graph {@code application}); null for admins and visitors
   * @param admin  the Page admin who made it (Graph {@code admin_creator}); null for visitors
   * @param from   whose post it is: the Page, or the visitor
   */
  public record Origin(MadeBy madeBy, String appId, Profile admin, Profile from) {}

  /**
   * What it says and shows (text already normalised as Facebook stores it).
   *
   * @param message          message, caption or description; null when there is none
   * @param title            video title
   * @param link             feed link
   * @param mediaUrls        photo url, video file_url, or the attached photos' urls
   * @param attachedPhotoIds photo ids a feed post attached ({@code attached_media})
   */
  public record Content(String message, String title, String link, List<String> mediaUrls,
      List<String> attachedPhotoIds) {}

  private final String id;
  private final String objectId;
  private final Kind kind;
  private final String pageId;
  private volatile Content content;
  private final Origin origin;
  private final Instant createdTime;
  private final Instant scheduledPublishTime;
  private volatile Instant readyAt;
  private volatile boolean uploaded = true;
  private volatile String failReason;
  private volatile Instant publishedAt;
  private volatile Instant onFeedFrom;
  private volatile String attachedTo;

  /**
   * @param readyAt when a video has finished processing (the creation time for anything else)
   */
  public FacebookPost(String id, String objectId, Kind kind, String pageId, Content content, Origin origin,
      Instant createdTime, Instant scheduledPublishTime, Instant readyAt) {
    this.id = id;
    this.objectId = objectId;
    this.kind = kind;
    this.pageId = pageId;
    this.content = content;
    this.origin = origin;
    this.createdTime = createdTime;
    this.scheduledPublishTime = scheduledPublishTime;
    this.readyAt = readyAt;
    this.onFeedFrom = scheduledPublishTime == null ? null : later(scheduledPublishTime, readyAt);
  }

  /**
   * Publishes it now; it shows on the Page's feed after {@code feedDelay} (and, for a video, once processed).
   * False if it was published already (then nothing changes).
   */
  public synchronized boolean publish(Instant now, Duration feedDelay) {
    if (publishedAt != null) {
      return false;
    }
    publishedAt = now;
    onFeedFrom = later(now.plus(feedDelay), readyAt);
    return true;
  }

  /** Published now: published at creation or later by id, or scheduled for a time that has come. */
  public boolean live() {
    return publishedAt != null || (scheduledPublishTime != null && !Instant.now().isBefore(scheduledPublishTime));
  }

  /** Whether the Page's feed shows it at {@code now} (published, past the visibility delay, processed). */
  public boolean onFeed(Instant now) {
    Instant from = onFeedFrom;
    return from != null && !now.isBefore(from) && live() && failReason == null;
  }

  /** A published post's new text ({@code POST /{post-id}} with {@code message}). */
  synchronized void editMessage(String message) {
    content = new Content(message, content.title(), content.link(), content.mediaUrls(), content.attachedPhotoIds());
  }

  /** A Reel's description and title, given at its finish step. */
  synchronized void describe(String message, String title) {
    content = new Content(message, title, content.link(), content.mediaUrls(), content.attachedPhotoIds());
  }

  /** The session's video, by its hosted URL. */
  synchronized void media(String url) {
    content = new Content(content.message(), content.title(), content.link(), List.of(url),
        content.attachedPhotoIds());
  }

  /** A video still processing at {@code now} (or not uploaded yet). */
  public boolean processing(Instant now) {
    return now.isBefore(readyAt);
  }

  /** A Reel's or video Story's upload session, started without its bytes: nothing to process yet. */
  synchronized void awaitUpload() {
    uploaded = false;
    readyAt = Instant.MAX;
  }

  /** The session's bytes arrived at {@code now}; processing takes {@code processingTime} from there. */
  synchronized void upload(Instant now, Duration processingTime) {
    if (!uploaded) {
      uploaded = true;
      readyAt = now.plus(processingTime);
    }
  }

  public boolean uploaded() {
    return uploaded;
  }

  /** Processing will end in failure with this reason (scripted by a FAIL_PROCESSING fault). */
  void failProcessing(String reason) {
    failReason = reason;
  }

  /** The reason processing failed, once it has (processing takes its time before it fails). */
  public String failure(Instant now) {
    return failReason != null && uploaded && !processing(now) ? failReason : null;
  }

  /** When it was published, if it was. */
  public Instant publishedAt() {
    return publishedAt;
  }

  /** Marks an unpublished photo as part of the feed post that attached it (the first one, if several did). */
  synchronized void attachTo(String postId) {
    if (attachedTo == null) {
      attachedTo = postId;
    }
  }

  /** The post a photo belongs to: its own, or the one that attached it; null for an unattached upload. */
  public String pageStoryId() {
    return id != null ? id : attachedTo;
  }

  public String id() {
    return id;
  }

  public String objectId() {
    return objectId;
  }

  public Kind kind() {
    return kind;
  }

  public String pageId() {
    return pageId;
  }

  public Content content() {
    return content;
  }

  public String message() {
    return content.message();
  }

  public List<String> mediaUrls() {
    return content.mediaUrls();
  }

  public Origin origin() {
    return origin;
  }

  public Instant createdTime() {
    return createdTime;
  }

  public Instant scheduledPublishTime() {
    return scheduledPublishTime;
  }

  public Instant readyAt() {
    return readyAt;
  }

  @Override
  public PublishedItem view() {
    return new PublishedItem("FACEBOOK", kind.name(), pageId, id, objectId, content.message(), content.title(),
        content.link(), content.mediaUrls(), createdTime, live(), scheduledPublishTime, origin.appId(),
        origin.madeBy().name(), null, null, null, null, null, null, null, null, null, null);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
