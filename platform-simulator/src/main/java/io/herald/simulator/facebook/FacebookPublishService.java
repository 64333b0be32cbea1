package io.herald.simulator.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.simulator.config.SimulatorConfig;
import io.herald.simulator.published.PublishedStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Posting to a Page (feed, photos, videos) and reading it back (feed, scheduled posts, single objects). */
@ApplicationScoped
public class FacebookPublishService {
  static final int MAX_MESSAGE_LENGTH = 63_206;
  private static final Duration MIN_SCHEDULE = Duration.ofMinutes(10);
  private static final Duration MAX_SCHEDULE = Duration.ofDays(30);
  private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
      .withZone(ZoneOffset.UTC);
  private static final Set<String> FEED_FIELDS = Set.of("id", "message", "created_time", "permalink_url", "is_published",
      "full_picture", "scheduled_publish_time");

  private final FacebookStore store;
  private final GraphAuth auth;
  private final PublishedStore published;
  private final ObjectMapper json;
  private final boolean rejectDuplicates;

  FacebookPublishService(FacebookStore store, GraphAuth auth, PublishedStore published, ObjectMapper json,
      SimulatorConfig config) {
    this.store = store;
    this.auth = auth;
    this.published = published;
    this.json = json;
    this.rejectDuplicates = config.facebook().rejectDuplicateMessages();
  }

  /** {@code POST /{page-id}/feed}: a text or link post, optionally scheduled or with attached photos. */
  public Response feed(String pageId, GraphParams params) {
    pageToken(pageId, params);
    String message = params.get("message");
    String link = params.get("link");
    checkLength(message, "message");
    List<String> attachedUrls = new ArrayList<>();
    var attached = params.node("attached_media", json);
    if (attached.isPresent()) {
      if (!attached.get().isArray()) {
        throw GraphException.invalidParameter("Param attached_media must be an array");
      }
      for (JsonNode media : attached.get()) {
        String fbid = media.path("media_fbid").asText(null);
        var photo = fbid == null ? null : store.object(fbid).filter(p -> p.pageId().equals(pageId) && !p.published())
            .orElse(null);
        if (photo == null) {
          throw GraphException.invalidParameter("Param attached_media[" + attachedUrls.size()
              + "] must be an unpublished photo id of this Page");
        }
        attachedUrls.addAll(photo.mediaUrls());
      }
    }
    if (message == null && link == null && attachedUrls.isEmpty()) {
      throw GraphException.invalidParameter("Missing message or attachment");
    }
    boolean isPublished = params.flag("published", true);
    Instant scheduled = scheduledTime(params, isPublished);
    return store.onPage(pageId, () -> {
      if (rejectDuplicates && message != null && isPublished) {
        store.posts(pageId).stream().filter(p -> "FEED".equals(p.kind()) && p.live()).findFirst()
            .filter(latest -> message.equals(latest.message()))
            .ifPresent(latest -> {
              throw new GraphException(400, 506, null, "OAuthException", "(#506) Duplicate status message", false);
            });
      }
      var post = new FacebookPost(pageId + "_" + store.nextObjectId(), null, "FEED", pageId, message, null, link,
          List.copyOf(attachedUrls), Instant.now(), isPublished, scheduled);
      store.save(post);
      published.add(post);
      return Response.ok(Map.of("id", post.id())).build();
    });
  }

  /** {@code POST /{page-id}/photos} by {@code url}: answers the photo id and, when published, the post id. */
  public Response photo(String pageId, GraphParams params) {
    pageToken(pageId, params);
    String url = params.get("url");
    if (url == null) {
      throw new GraphException(400, 324, null, "OAuthException", "(#324) Requires upload file", false);
    }
    checkUrl(url, "url");
    String caption = params.get("caption") != null ? params.get("caption") : params.get("message");
    checkLength(caption, "caption");
    boolean isPublished = params.flag("published", true);
    Instant scheduled = scheduledTime(params, isPublished);
    String photoId = store.nextObjectId();
    var post = new FacebookPost(pageId + "_" + store.nextObjectId(), photoId, "PHOTO", pageId, caption, null, null,
        List.of(url), Instant.now(), isPublished, scheduled);
    store.save(post);
    var body = new LinkedHashMap<String, Object>();
    body.put("id", photoId);
    if (isPublished || scheduled != null) {
      published.add(post);
      body.put("post_id", post.id());
    }
    return Response.ok(body).build();
  }

  /** {@code POST /{page-id}/videos} by {@code file_url}: answers the video id. */
  public Response video(String pageId, GraphParams params) {
    pageToken(pageId, params);
    String fileUrl = params.get("file_url");
    if (fileUrl == null) {
      throw new GraphException(400, 6000, null, "OAuthException",
          "There was a problem uploading your video file. Please try again with another file (file_url is required).",
          false);
    }
    checkUrl(fileUrl, "file_url");
    String description = params.get("description");
    checkLength(description, "description");
    boolean isPublished = params.flag("published", true);
    Instant scheduled = scheduledTime(params, isPublished);
    String videoId = store.nextObjectId();
    var post = new FacebookPost(pageId + "_" + videoId, videoId, "VIDEO", pageId, description, params.get("title"),
        null, List.of(fileUrl), Instant.now(), isPublished, scheduled);
    store.save(post);
    published.add(post);
    return Response.ok(Map.of("id", videoId)).build();
  }

  /** {@code GET /{page-id}/feed}: published posts, newest first, with the requested fields and cursor paging. */
  public Response readFeed(String pageId, GraphParams params, boolean scheduledOnly) {
    readAccess(pageId, params);
    List<String> fields = params.get("fields") == null ? List.of("id", "message", "created_time")
        : List.of(params.get("fields").split("\\s*,\\s*"));
    for (String field : fields) {
      if (!FEED_FIELDS.contains(field)) {
        throw GraphException.invalidParameter("Tried accessing nonexisting field (" + field + ") on node type (Post)");
      }
    }
    int limit;
    try {
      limit = params.get("limit") == null ? 25 : Integer.parseInt(params.get("limit"));
    } catch (NumberFormatException e) {
      throw GraphException.invalidParameter("Param limit must be an integer");
    }
    if (limit < 1 || limit > 100) {
      throw GraphException.invalidParameter("Param limit must be between 1 and 100");
    }
    Instant since = time(params, "since");
    Instant until = time(params, "until");
    List<FacebookPost> posts = store.posts(pageId).stream()
        .filter(p -> scheduledOnly ? p.scheduledPublishTime() != null && !p.live() : p.live())
        .filter(p -> since == null || !p.createdTime().isBefore(since))
        .filter(p -> until == null || !p.createdTime().isAfter(until))
        .toList();
    int start = 0;
    if (params.get("after") != null) {
      String afterId = decodeCursor(params.get("after"));
      for (int i = 0; i < posts.size(); i++) {
        if (posts.get(i).id().equals(afterId)) {
          start = i + 1;
        }
      }
    }
    List<FacebookPost> page = posts.subList(Math.min(start, posts.size()), Math.min(start + limit, posts.size()));
    var data = page.stream().map(p -> fieldsOf(p, fields)).toList();
    var paging = new LinkedHashMap<String, Object>();
    if (!page.isEmpty()) {
      paging.put("cursors", Map.of("before", cursor(page.getFirst().id()), "after", cursor(page.getLast().id())));
      if (start + limit < posts.size()) {
        paging.put("next", "?limit=" + limit + "&after=" + cursor(page.getLast().id()));
      }
    }
    return Response.ok(Map.of("data", data, "paging", paging)).build();
  }

  /** {@code GET /{object-id}}: a post, photo or video (videos report {@code status.video_status=ready}). */
  public Response object(String id, GraphParams params) {
    FacebookToken token = auth.require(params);
    var page = store.page(id);
    if (page.isPresent()) {
      return pageInfo(page.get(), token, params);
    }
    var post = store.object(id).orElseThrow(() -> unsupported(id, "get"));
    if (!post.pageId().equals(token.pageId()) && !store.page(post.pageId())
        .map(p -> p.userId().equals(token.userId())).orElse(false)) {
      throw unsupported(id, "get");
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("id", id);
    if (post.message() != null) {
      body.put(post.kind().equals("VIDEO") ? "description" : "message", post.message());
    }
    body.put("created_time", GRAPH_TIME.format(post.createdTime()));
    if (id.equals(post.objectId()) && post.kind().equals("VIDEO")) {
      body.put("status", Map.of("video_status", "ready", "processing_progress", 100));
    }
    if (id.equals(post.objectId()) && post.kind().equals("PHOTO")) {
      body.put("images", List.of(Map.of("source", post.mediaUrls().getFirst())));
    }
    return Response.ok(body).build();
  }

  /** {@code GET /{page-id}?fields=id,name,access_token}: the Page; its token only for its managing user. */
  private Response pageInfo(FacebookStore.Page page, FacebookToken token, GraphParams params) {
    boolean owner = token.kind() == FacebookToken.Kind.USER && page.userId().equals(token.userId());
    if (!owner && !page.id().equals(token.pageId())) {
      throw unsupported(page.id(), "get");
    }
    List<String> fields = params.get("fields") == null ? List.of("id", "name")
        : List.of(params.get("fields").split("\\s*,\\s*"));
    var body = new LinkedHashMap<String, Object>();
    for (String field : fields) {
      switch (field) {
        case "id" -> body.put("id", page.id());
        case "name" -> body.put("name", page.name());
        case "category" -> body.put("category", page.category());
        case "access_token" -> {
          if (!owner) {
            throw GraphException.permission("Requires a user access token of a user who manages the Page");
          }
          body.put("access_token", store.pageWithValidToken(page.id(), token.appId(), token.scopes()).token());
        }
        default -> throw GraphException.invalidParameter(
            "Tried accessing nonexisting field (" + field + ") on node type (Page)");
      }
    }
    body.putIfAbsent("id", page.id());
    return Response.ok(body).build();
  }

  private Map<String, Object> fieldsOf(FacebookPost post, List<String> fields) {
    var entry = new LinkedHashMap<String, Object>();
    for (String field : fields) {
      switch (field) {
        case "id" -> entry.put("id", post.id());
        case "message" -> {
          if (post.message() != null) {
            entry.put("message", post.message());
          }
        }
        case "created_time" -> entry.put("created_time", GRAPH_TIME.format(post.createdTime()));
        case "permalink_url" -> entry.put("permalink_url", "https://www.facebook.com/" + post.id().replace('_', '/'));
        case "is_published" -> entry.put("is_published", post.live());
        case "full_picture" -> {
          if (!post.mediaUrls().isEmpty()) {
            entry.put("full_picture", post.mediaUrls().getFirst());
          }
        }
        case "scheduled_publish_time" -> {
          if (post.scheduledPublishTime() != null) {
            entry.put("scheduled_publish_time", post.scheduledPublishTime().getEpochSecond());
          }
        }
        default -> { }
      }
    }
    entry.putIfAbsent("id", post.id());
    return entry;
  }

  /** A Page token of this very Page, else the error Graph answers. */
  private FacebookToken pageToken(String pageId, GraphParams params) {
    FacebookToken token = auth.require(params);
    if (store.page(pageId).isEmpty()) {
      throw unsupported(pageId, "post");
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

  private void readAccess(String pageId, GraphParams params) {
    FacebookToken token = auth.require(params);
    var page = store.page(pageId).orElseThrow(() -> unsupported(pageId, "get"));
    if (!pageId.equals(token.pageId()) && !page.userId().equals(token.userId())) {
      throw GraphException.permission("The user hasn't authorized the application to perform this action");
    }
  }

  private Instant scheduledTime(GraphParams params, boolean isPublished) {
    String raw = params.get("scheduled_publish_time");
    if (raw == null) {
      return null;
    }
    if (isPublished) {
      throw GraphException.invalidParameter("You cannot specify a scheduled publish time on a published post");
    }
    Instant at;
    try {
      at = raw.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(raw)) : OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      throw GraphException.invalidParameter("The specified scheduled publish time is invalid.");
    }
    Instant now = Instant.now();
    if (at.isBefore(now.plus(MIN_SCHEDULE)) || at.isAfter(now.plus(MAX_SCHEDULE))) {
      throw GraphException.invalidParameter(
          "The specified scheduled publish time is invalid. It must be between 10 minutes and 30 days from now.");
    }
    return at;
  }

  /** A time filter ({@code since}/{@code until}): Unix seconds or ISO-8601. */
  private static Instant time(GraphParams params, String name) {
    String raw = params.get(name);
    if (raw == null) {
      return null;
    }
    try {
      return raw.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(raw)) : OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      throw GraphException.invalidParameter("Param " + name + " must be a Unix timestamp or an ISO-8601 time");
    }
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

  private static GraphException unsupported(String id, String verb) {
    return GraphException.invalidParameter(33, "Unsupported " + verb + " request. Object with ID '" + id
        + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.");
  }

  private static String cursor(String id) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw GraphException.invalidParameter("Invalid cursor");
    }
  }
}
