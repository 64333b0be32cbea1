package io.herald.simulator.facebook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Graph node types of Page content, each rendered with every field it offers; reads then keep the fields asked
 * for ({@link GraphFields}). Fields without a value (a post without message, an unattached photo's
 * {@code page_story_id}, an admin's post's {@code application}) are absent, as on Graph.
 */
enum GraphNode {
  POST("Post", "id,message,created_time", Set.of("id", "message", "created_time", "permalink_url", "is_published",
      "full_picture", "scheduled_publish_time", "application", "admin_creator", "attachments", "status_type", "from")),
  VIDEO("Video", "id,description,created_time,status", Set.of("id", "description", "title", "created_time",
      "published", "post_id", "permalink_url", "status", "application", "admin_creator")),
  PHOTO("Photo", "id,created_time,name,images", Set.of("id", "created_time", "name", "page_story_id",
      "application", "admin_creator", "images"));

  static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
      .withZone(ZoneOffset.UTC);
  static final String APP_NAME = "Simulated app";
  static final String APP_LINK = "https://herald.example";

  private final String type;
  private final String defaults;
  private final Set<String> known;

  GraphNode(String type, String defaults, Set<String> known) {
    this.type = type;
    this.defaults = defaults;
    this.known = known;
  }

  /** The node type an id names: the photo or video itself, else the post. */
  static GraphNode of(FacebookPost post, String id) {
    if (!id.equals(post.objectId())) {
      return POST;
    }
    return post.kind() == FacebookPost.Kind.PHOTO ? PHOTO : VIDEO;
  }

  /** The {@code fields} of a read of this node type (its defaults when none are asked for). */
  GraphFields fields(GraphParams params) {
    return GraphFields.parse(params.get("fields"), defaults, known, type);
  }

  /** Every field of the node, as at {@code now}. */
  Map<String, Object> render(FacebookPost post, Instant now) {
    var node = new LinkedHashMap<String, Object>();
    switch (this) {
      case POST -> {
        node.put("id", post.id());
        node.put("message", post.message());
        node.put("created_time", GRAPH_TIME.format(post.createdTime()));
        node.put("permalink_url", "https://www.facebook.com/" + post.id().replace('_', '/'));
        node.put("is_published", post.live());
        node.put("full_picture", post.mediaUrls().isEmpty() ? null : post.mediaUrls().getFirst());
        node.put("scheduled_publish_time",
            post.scheduledPublishTime() == null ? null : post.scheduledPublishTime().getEpochSecond());
        node.put("attachments", attachments(post));
        node.put("status_type", statusType(post));
        node.put("from", profile(post.origin().from()));
      }
      case VIDEO -> {
        node.put("id", post.objectId());
        node.put("description", post.message());
        node.put("title", post.content().title());
        node.put("created_time", GRAPH_TIME.format(post.createdTime()));
        node.put("published", post.live());
        node.put("post_id", post.live() ? post.id() : null);
        node.put("permalink_url", "https://www.facebook.com/" + post.pageId() + "/videos/" + post.objectId() + "/");
        node.put("status", videoStatus(post, now));
      }
      case PHOTO -> {
        node.put("id", post.objectId());
        node.put("created_time", GRAPH_TIME.format(post.createdTime()));
        node.put("name", post.message());
        node.put("page_story_id", post.pageStoryId());
        node.put("images", List.of(Map.of("source", post.mediaUrls().getFirst())));
      }
    }
    var origin = post.origin();
    node.put("application", origin.appId() == null ? null : Map.of("category", "Business", "link", APP_LINK,
        "name", APP_NAME, "id", origin.appId()));
    node.put("admin_creator", profile(origin.admin()));
    node.values().removeIf(Objects::isNull);
    return node;
  }

  /**
   * A video's {@code status} as the Reels publishing guide shows it: {@code video_status} ({@code uploading},
   * {@code processing}, {@code ready}, {@code error}) and each phase's {@code status} ({@code not_started},
   * {@code in_progress}, {@code complete}, {@code error}); a processing failure names its reason in
   * {@code processing_phase.errors}.
   */
  private static Map<String, Object> videoStatus(FacebookPost post, Instant now) {
    boolean uploaded = post.uploaded();
    String failure = post.failure(now);
    boolean processing = uploaded && post.processing(now);
    var status = new LinkedHashMap<String, Object>();
    status.put("video_status", !uploaded ? "uploading" : processing ? "processing" : failure != null ? "error"
        : "ready");
    status.put("processing_progress", !uploaded ? 0 : processing ? progress(post, now) : 100);
    status.put("uploading_phase", Map.of("status", uploaded ? "complete" : "not_started"));
    var processingPhase = new LinkedHashMap<String, Object>();
    processingPhase.put("status", !uploaded ? "not_started" : processing ? "in_progress"
        : failure != null ? "error" : "complete");
    if (failure != null) {
      processingPhase.put("errors", List.of(Map.of("code", 6000, "message", failure)));
    }
    status.put("processing_phase", processingPhase);
    var publishing = new LinkedHashMap<String, Object>();
    boolean live = post.live();
    publishing.put("status", !live || failure != null ? "not_started" : processing ? "in_progress" : "complete");
    publishing.put("publish_status", live && failure == null && !processing ? "published" : "not_published");
    if (live && failure == null && !processing && post.publishedAt() != null) {
      publishing.put("publish_time", post.publishedAt().getEpochSecond());
    }
    status.put("publishing_phase", publishing);
    return status;
  }

  private static Map<String, Object> attachments(FacebookPost post) {
    var content = post.content();
    List<String> photos = content.attachedPhotoIds();
    Map<String, Object> attachment;
    if (post.kind() == FacebookPost.Kind.PHOTO || photos.size() == 1) {
      attachment = target("photo", post.kind() == FacebookPost.Kind.PHOTO ? post.objectId() : photos.getFirst());
    } else if (post.kind() == FacebookPost.Kind.VIDEO || post.kind() == FacebookPost.Kind.REEL
        || post.kind() == FacebookPost.Kind.STORY) {
      attachment = target("video_inline", post.objectId());
    } else if (photos.size() > 1) {
      attachment = Map.of("type", "album",
          "subattachments", Map.of("data", photos.stream().map(id -> target("photo", id)).toList()));
    } else if (content.link() != null) {
      attachment = Map.of("type", "share", "url", content.link());
    } else {
      return null;
    }
    return Map.of("data", List.of(attachment));
  }

  private static Map<String, Object> target(String type, String id) {
    return Map.of("type", type, "target", Map.of("id", id));
  }

  private static String statusType(FacebookPost post) {
    return switch (post.kind()) {
      case PHOTO -> "added_photos";
      case VIDEO, REEL, STORY -> "added_video";
      case VISITOR -> "wall_post";
      case FEED -> !post.content().attachedPhotoIds().isEmpty() ? "added_photos"
          : post.content().link() != null ? "shared_story" : "mobile_status_update";
    };
  }

  private static Map<String, Object> profile(FacebookPost.Profile profile) {
    return profile == null ? null : Map.of("id", profile.id(), "name", profile.name());
  }

  private static int progress(FacebookPost video, Instant now) {
    long total = Duration.between(video.createdTime(), video.readyAt()).toMillis();
    long done = Duration.between(video.createdTime(), now).toMillis();
    return (int) Math.clamp(total <= 0 ? 99 : done * 100 / total, 0, 99);
  }
}
