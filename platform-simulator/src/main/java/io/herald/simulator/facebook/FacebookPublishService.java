package io.herald.simulator.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.simulator.config.SimulatorConfig;
import io.herald.simulator.facebook.FacebookPost.Content;
import io.herald.simulator.facebook.FacebookPost.Kind;
import io.herald.simulator.facebook.FacebookPost.MadeBy;
import io.herald.simulator.facebook.FacebookPost.Origin;
import io.herald.simulator.published.PublishedStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posting to a Page (feed, photos, videos), publishing an unpublished post or video later by id, and posts made
 * outside Herald (by admins on facebook.com, other apps, visitors) for tests. Texts are stored normalised, as
 * Facebook does: trailing whitespace trimmed, {@code \r\n} turned into {@code \n}.
 */
@ApplicationScoped
public class FacebookPublishService {
  static final int MAX_MESSAGE_LENGTH = 63_206;
  /** API-published Reels a Page may publish in any 24 hours (Reels publishing guide). */
  static final int REELS_PER_DAY = 30;
  private static final Duration MIN_SCHEDULE = Duration.ofMinutes(10);
  private static final Duration MAX_SCHEDULE = Duration.ofDays(30);

  private final FacebookStore store;
  private final GraphAuth auth;
  private final PublishedStore published;
  private final FacebookTiming timing;
  private final ObjectMapper json;
  private final boolean rejectDuplicates;
  private final String publicUrl;

  FacebookPublishService(FacebookStore store, GraphAuth auth, PublishedStore published, FacebookTiming timing,
      ObjectMapper json, SimulatorConfig config) {
    this.store = store;
    this.auth = auth;
    this.published = published;
    this.timing = timing;
    this.json = json;
    this.rejectDuplicates = config.facebook().rejectDuplicateMessages();
    this.publicUrl = config.publicUrl().replaceAll("/+$", "");
  }

  /** {@code POST /{page-id}/feed}: a text or link post, optionally unpublished, scheduled or with attached photos. */
  public Response feed(String pageId, GraphParams params) {
    FacebookToken token = pageToken(pageId, auth.require(params));
    String message = normalise(params.get("message"));
    String link = params.get("link");
    checkLength(message, "message");
    List<FacebookPost> photos = attachedPhotos(pageId, params);
    if (message == null && link == null && photos.isEmpty()) {
      throw GraphException.invalidParameter("Missing message or attachment");
    }
    boolean isPublished = params.flag("published", true);
    Instant scheduled = scheduledTime(params, isPublished);
    return store.onPage(pageId, () -> {
      if (rejectDuplicates && message != null && isPublished) {
        store.newest(pageId, p -> p.kind() == Kind.FEED && p.live())
            .filter(latest -> message.equals(latest.message()))
            .ifPresent(latest -> {
              throw new GraphException(400, 506, null, "OAuthException", "(#506) Duplicate status message", false);
            });
      }
      var content = new Content(message, null, link, photos.stream().flatMap(p -> p.mediaUrls().stream()).toList(),
          photos.stream().map(FacebookPost::objectId).toList());
      var post = create(pageId, Kind.FEED, content, byApp(pageId, token.appId()), Instant.now(), isPublished,
          scheduled);
      photos.forEach(photo -> photo.attachTo(post.id()));
      return Response.ok(Map.of("id", post.id())).build();
    });
  }

  /** {@code POST /{page-id}/photos} by {@code url}: answers the photo id and, when published, the post id. */
  public Response photo(String pageId, GraphParams params) {
    FacebookToken token = pageToken(pageId, auth.require(params));
    String url = params.get("url");
    if (url == null) {
      throw new GraphException(400, 324, null, "OAuthException", "(#324) Requires upload file", false);
    }
    checkUrl(url, "url");
    String caption = normalise(params.get("caption") != null ? params.get("caption") : params.get("message"));
    checkLength(caption, "caption");
    boolean isPublished = params.flag("published", true);
    Instant scheduled = scheduledTime(params, isPublished);
    var post = create(pageId, Kind.PHOTO, new Content(caption, null, null, List.of(url), List.of()),
        byApp(pageId, token.appId()), Instant.now(), isPublished, scheduled);
    var body = new LinkedHashMap<String, Object>();
    body.put("id", post.objectId());
    if (post.id() != null) {
      body.put("post_id", post.id());
    }
    return Response.ok(body).build();
  }

  /** {@code POST /{page-id}/videos} by {@code file_url}: answers the video id (published or not). */
  public Response video(String pageId, GraphParams params) {
    return video(pageId, params, Optional.empty());
  }

  /**
   * As above; {@code failProcessing} (a FAIL_PROCESSING fault) makes the video's processing end in {@code error}
   * with that reason once its processing time has passed.
   */
  public Response video(String pageId, GraphParams params, Optional<String> failProcessing) {
    FacebookToken token = pageToken(pageId, auth.require(params));
    String fileUrl = params.get("file_url");
    if (fileUrl == null) {
      throw new GraphException(400, 6000, null, "OAuthException",
          "There was a problem uploading your video file. Please try again with another file (file_url is required).",
          false);
    }
    checkUrl(fileUrl, "file_url");
    String description = normalise(params.get("description"));
    checkLength(description, "description");
    boolean isPublished = params.flag("published", true);
    Instant scheduled = scheduledTime(params, isPublished);
    var post = create(pageId, Kind.VIDEO, new Content(description, params.get("title"), null, List.of(fileUrl),
        List.of()), byApp(pageId, token.appId()), Instant.now(), isPublished, scheduled);
    failProcessing.map(FacebookPublishService::processingFailure).ifPresent(post::failProcessing);
    return Response.ok(Map.of("id", post.objectId())).build();
  }

  /**
   * {@code POST /{page-id}/video_reels} and {@code /video_stories}: {@code upload_phase=start} opens an upload
   * session (answers {@code video_id} and {@code upload_url}; nothing is visible); {@code upload_phase=finish} of an
   * uploaded video publishes it (a Reel with {@code video_state=PUBLISHED}, answering {@code success}; a Story,
   * answering {@code success} and its {@code post_id}), visible once processed.
   */
  public Response videoSession(String version, String pageId, Kind kind, GraphParams params,
      Optional<String> failProcessing) {
    FacebookToken token = pageToken(pageId, auth.require(params));
    String phase = params.get("upload_phase");
    if ("start".equals(phase)) {
      String videoId = store.nextObjectId();
      var session = new FacebookPost(pageId + "_" + videoId, videoId, kind, pageId,
          new Content(null, null, null, List.of(), List.of()), byApp(pageId, token.appId()), Instant.now(), null,
          Instant.now());
      session.awaitUpload();
      failProcessing.map(FacebookPublishService::processingFailure).ifPresent(session::failProcessing);
      store.save(session);
      return Response.ok(Map.of("video_id", videoId,
          "upload_url", publicUrl + "/video-upload/" + version + "/" + videoId)).build();
    }
    if (!"finish".equals(phase)) {
      throw GraphException.invalidParameter("Param upload_phase must be one of {start, finish}");
    }
    String videoId = params.get("video_id");
    var session = store.object(videoId == null ? "" : videoId)
        .filter(p -> p.pageId().equals(pageId) && p.kind() == kind && videoId.equals(p.objectId()))
        .orElseThrow(() -> GraphException.invalidParameter("Param video_id must be a video upload session of this"
            + " Page"));
    failProcessing.map(FacebookPublishService::processingFailure).ifPresent(session::failProcessing);
    if (!session.uploaded()) {
      throw new GraphException(400, 6000, null, "OAuthException",
          "There was a problem uploading your video file. Please try again.", false);
    }
    if (kind == Kind.REEL) {
      String state = params.get("video_state");
      if (state == null || !List.of("PUBLISHED", "DRAFT", "SCHEDULED").contains(state)) {
        throw GraphException.invalidParameter("Param video_state must be one of {PUBLISHED, DRAFT, SCHEDULED}");
      }
      String description = normalise(params.get("description"));
      checkLength(description, "description");
      session.describe(description, params.get("title"));
      if (state.equals("PUBLISHED") && publishReel(pageId, session)) {
        published.add(session);
      }
      return Response.ok(Map.of("success", true)).build();
    }
    if (session.publish(Instant.now(), timing.get().feedVisibilityDelay())) {
      published.add(session);
    }
    return Response.ok(Map.of("success", true, "post_id", session.id())).build();
  }

  /**
   * Publishes a finished Reel unless the Page reached its 30 API-published Reels in 24 hours (error 100 with the
   * Reels limit's message, as documented). False when it was published already.
   */
  private boolean publishReel(String pageId, FacebookPost reel) {
    return store.onPage(pageId, () -> {
      Instant dayAgo = Instant.now().minus(Duration.ofHours(24));
      long recent = store.posts(pageId).stream().filter(p -> p.kind() == Kind.REEL && p.publishedAt() != null
          && p.publishedAt().isAfter(dayAgo)).count();
      if (reel.publishedAt() == null && recent >= REELS_PER_DAY) {
        throw GraphException.invalidParameter("The Page has published " + REELS_PER_DAY
            + " reels through the API in the last 24 hours");
      }
      return reel.publish(Instant.now(), timing.get().feedVisibilityDelay());
    });
  }

  /**
   * {@code POST rupload.facebook.com/video-upload/{version}/{video-id}}: the session's bytes, fetched from a hosted
   * {@code file_url} header or sent as the body (with {@code offset} and {@code file_size}). Sending them again is
   * harmless. Answers {@code success}.
   */
  public Response upload(String videoId, String fileUrl, byte[] bytes, Long fileSize, GraphParams params) {
    FacebookToken token = auth.require(params);
    var session = store.object(videoId).filter(p -> p.pageId().equals(token.pageId()) && videoId.equals(p.objectId())
            && (p.kind() == Kind.REEL || p.kind() == Kind.STORY))
        .orElseThrow(() -> GraphException.unsupported(videoId, "post"));
    if (fileUrl != null) {
      checkUrl(fileUrl, "file_url");
      session.media(fileUrl);
    } else if (bytes == null || bytes.length == 0 || fileSize == null || bytes.length != fileSize) {
      throw new GraphException(400, 6000, null, "OAuthException",
          "There was a problem uploading your video file. Please try again (file_url or the whole file_size).",
          false);
    }
    session.upload(Instant.now(), timing.get().videoProcessingTime());
    return Response.ok(Map.of("success", true)).build();
  }

  /** {@code POST /{page-id}/photo_stories} of a photo uploaded unpublished: answers {@code success} and the post id. */
  public Response photoStory(String pageId, GraphParams params) {
    FacebookToken token = pageToken(pageId, auth.require(params));
    String photoId = params.get("photo_id");
    var photo = store.object(photoId == null ? "" : photoId)
        .filter(p -> p.pageId().equals(pageId) && p.kind() == Kind.PHOTO && p.id() == null)
        .orElseThrow(() -> GraphException.invalidParameter("Param photo_id must be an unpublished photo of this"
            + " Page"));
    var story = create(pageId, Kind.STORY, new Content(null, null, null, photo.mediaUrls(), List.of(photoId)),
        byApp(pageId, token.appId()), Instant.now(), true, null);
    photo.attachTo(story.id());
    return Response.ok(Map.of("success", true, "post_id", story.id())).build();
  }

  /** What processing failed with: a FAIL_PROCESSING fault's reason, or Facebook's message for a file it rejects. */
  private static String processingFailure(String reason) {
    return reason == null || reason.isBlank() || reason.equals("internal")
        ? "The video file you selected is in a format that we don't support." : reason;
  }

  /**
   * {@code POST /{post-id}} with {@code is_published=true}, {@code POST /{video-id}} with {@code published=true}:
   * publishes an unpublished (or scheduled) post or video now. Already published: {@code success} and no change
   * (the simulator's choice; Graph leaves it undocumented).
   */
  public Response publishLater(String id, GraphParams params) {
    FacebookToken token = auth.require(params);
    var post = store.object(id).filter(p -> p.pageId().equals(token.pageId()))
        .orElseThrow(() -> GraphException.unsupported(id, "post"));
    pageToken(post.pageId(), token);
    GraphNode node = GraphNode.of(post, id);
    if (node == GraphNode.PHOTO) {
      throw GraphException.unsupported(id, "post");
    }
    String flag = node == GraphNode.VIDEO ? "published" : "is_published";
    if (!params.flag(flag, false)) {
      throw GraphException.invalidParameter("The simulator only publishes here: send " + flag + "=true");
    }
    post.publish(Instant.now(), timing.get().feedVisibilityDelay());
    return Response.ok(Map.of("success", true)).build();
  }

  /**
   * {@code POST /{post-id}} with {@code message}: sets a published post's text, as the Page (a Page token with
   * {@code pages_manage_posts}). A post that does not exist (or was deleted), or another Page's: 100/33; a post the
   * Page did not write (a visitor's), a photo or a Story: 200; an unpublished one: 100 (publish it first).
   */
  public Response edit(String id, GraphParams params) {
    FacebookToken token = auth.require(params);
    var post = store.object(id).filter(p -> p.pageId().equals(token.pageId()))
        .orElseThrow(() -> GraphException.unsupported(id, "post"));
    pageToken(post.pageId(), token);
    String message = normalise(params.get("message"));
    checkLength(message, "message");
    if (post.origin().madeBy() == MadeBy.VISITOR || post.kind() == Kind.STORY || post.kind() == Kind.PHOTO) {
      throw GraphException.permission("This post cannot be edited by the Page");
    }
    if (!post.live()) {
      throw GraphException.invalidParameter("The post is not published; publish it before editing its message");
    }
    post.editMessage(message);
    return Response.ok(Map.of("success", true)).build();
  }

  /**
   * {@code DELETE /{post-id}}: deletes a post of the Page (any post on it, visitors' too, as a Page may). A post
   * that does not exist (or was deleted already), or another Page's: 100/33.
   */
  public Response delete(String id, GraphParams params) {
    FacebookToken token = auth.require(params);
    var post = store.object(id).filter(p -> p.pageId().equals(token.pageId()))
        .orElseThrow(() -> GraphException.unsupported(id, "delete"));
    pageToken(post.pageId(), token);
    store.remove(post);
    return Response.ok(Map.of("success", true)).build();
  }

  /**
   * Posts made outside Herald, for tests: by a Page admin on facebook.com ({@code appId} null), by another app, or
   * by a visitor on the Page's feed. Answers the post ids.
   */
  public List<String> postByOthers(String pageId, Kind kind, String message, List<String> mediaUrls, String appId,
      Instant createdTime, int count) {
    var page = store.page(pageId).orElseThrow();
    var pageProfile = new FacebookPost.Profile(page.id(), page.name());
    String text = normalise(message);
    var ids = new ArrayList<String>();
    for (int i = 0; i < count; i++) {
      Origin origin = kind == Kind.VISITOR ? new Origin(MadeBy.VISITOR, null, null, store.newVisitor())
          : new Origin(appId == null ? MadeBy.ADMIN : MadeBy.APP, appId, store.admin(pageId), pageProfile);
      ids.add(postByOthers(pageId, kind, text, mediaUrls, origin, createdTime).id());
    }
    return ids;
  }

  private FacebookPost postByOthers(String pageId, Kind kind, String text, List<String> mediaUrls, Origin origin,
      Instant createdTime) {
    return switch (kind) {
      case PHOTO, VIDEO -> create(pageId, kind, new Content(text, null, null, List.of(mediaUrls.isEmpty()
          ? publicUrl + (kind == Kind.PHOTO ? "/media/page-photo.jpg" : "/media/page-video.mp4")
          : mediaUrls.getFirst()), List.of()), origin, createdTime, true, null);
      case REEL, STORY -> throw new IllegalArgumentException("Reels and Stories are not seeded: " + kind);
      case VISITOR -> create(pageId, kind, new Content(text, null, null, List.of(), List.of()), origin, createdTime,
          true, null);
      case FEED -> {
        var photos = mediaUrls.stream().map(url -> create(pageId, Kind.PHOTO,
            new Content(null, null, null, List.of(url), List.of()), origin, createdTime, false, null)).toList();
        var post = create(pageId, kind, new Content(text, null, null, mediaUrls,
            photos.stream().map(FacebookPost::objectId).toList()), origin, createdTime, true, null);
        photos.forEach(photo -> photo.attachTo(post.id()));
        yield post;
      }
    };
  }

  /** Stores a new post; an unpublished, unscheduled photo is an upload without a post of its own (not listed). */
  private FacebookPost create(String pageId, Kind kind, Content content, Origin origin, Instant createdTime,
      boolean isPublished, Instant scheduled) {
    var delays = timing.get();
    String objectId = kind == Kind.PHOTO || kind == Kind.VIDEO ? store.nextObjectId() : null;
    boolean upload = kind == Kind.PHOTO && !isPublished && scheduled == null;
    String id = upload ? null : pageId + "_" + (kind == Kind.VIDEO ? objectId : store.nextObjectId());
    Instant readyAt = kind == Kind.VIDEO ? createdTime.plus(delays.videoProcessingTime()) : createdTime;
    var post = new FacebookPost(id, objectId, kind, pageId, content, origin, createdTime, scheduled, readyAt);
    if (isPublished) {
      post.publish(createdTime, delays.feedVisibilityDelay());
    }
    store.save(post);
    if (!upload) {
      published.add(post);
    }
    return post;
  }

  private Origin byApp(String pageId, String appId) {
    var page = store.page(pageId).orElseThrow();
    return new Origin(MadeBy.APP, appId, store.admin(pageId), new FacebookPost.Profile(page.id(), page.name()));
  }

  private List<FacebookPost> attachedPhotos(String pageId, GraphParams params) {
    var attached = params.node("attached_media", json);
    if (attached.isEmpty()) {
      return List.of();
    }
    if (!attached.get().isArray()) {
      throw GraphException.invalidParameter("Param attached_media must be an array");
    }
    var photos = new ArrayList<FacebookPost>();
    for (JsonNode media : attached.get()) {
      String fbid = media.path("media_fbid").asText(null);
      photos.add(store.object(fbid == null ? "" : fbid)
          .filter(p -> p.pageId().equals(pageId) && p.kind() == Kind.PHOTO && p.id() == null)
          .orElseThrow(() -> GraphException.invalidParameter("Param attached_media[" + photos.size()
              + "] must be an unpublished photo id of this Page")));
    }
    return photos;
  }

  /** The token if it is a Page token of this Page with {@code pages_manage_posts}, else the error Graph answers. */
  private FacebookToken pageToken(String pageId, FacebookToken token) {
    if (store.page(pageId).isEmpty()) {
      throw GraphException.unsupported(pageId, "post");
    }
    if (token.kind() != FacebookToken.Kind.PAGE) {
      throw GraphException.permission("If posting to a page, requires both pages_read_engagement and "
          + "pages_manage_posts as an admin with sufficient administrative permission");
    }
    if (!token.pageId().equals(pageId)) {
      throw GraphException.permission("The user hasn't authorized the application to perform this action");
    }
    if (!token.scopes().contains("pages_manage_posts")) {
      throw GraphException.permission("The permission(s) pages_manage_posts are not available");
    }
    return token;
  }

  private Instant scheduledTime(GraphParams params, boolean isPublished) {
    Instant at = params.time("scheduled_publish_time", "The specified scheduled publish time is invalid.");
    if (at == null) {
      return null;
    }
    if (isPublished) {
      throw GraphException.invalidParameter("You cannot specify a scheduled publish time on a published post");
    }
    Instant now = Instant.now();
    if (at.isBefore(now.plus(MIN_SCHEDULE)) || at.isAfter(now.plus(MAX_SCHEDULE))) {
      throw GraphException.invalidParameter(
          "The specified scheduled publish time is invalid. It must be between 10 minutes and 30 days from now.");
    }
    return at;
  }

  /** A text as Facebook stores it: {@code \r\n} as {@code \n}, trailing whitespace trimmed; null if nothing is left. */
  static String normalise(String text) {
    if (text == null) {
      return null;
    }
    String stored = text.replace("\r\n", "\n").stripTrailing();
    return stored.isEmpty() ? null : stored;
  }

  private static void checkLength(String text, String field) {
    if (text != null && text.length() > MAX_MESSAGE_LENGTH) {
      throw GraphException.invalidParameter("Param " + field + " is too long (" + MAX_MESSAGE_LENGTH + " max)");
    }
  }

  private static void checkUrl(String url, String field) {
    if (!url.matches("(?i)https?://\\S+")) {
      throw GraphException.invalidParameter("Param " + field + " must be a valid URL");
    }
  }
}
