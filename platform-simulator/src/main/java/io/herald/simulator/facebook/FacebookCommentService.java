package io.herald.simulator.facebook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Comments on a Page's posts and videos: {@code POST /{object-id}/comments} as the Page ({@code message},
 * {@code attachment_url}; needs {@code pages_manage_engagement}), and {@code GET /{object-id}/comments} with
 * {@code fields}, {@code order} ({@code chronological}, the default, or {@code reverse_chronological}) and cursor
 * paging ({@code limit} 1–100, default 25).
 */
@ApplicationScoped
public class FacebookCommentService {
  private static final Set<String> FIELDS = Set.of("id", "message", "created_time", "from", "attachment",
      "application");

  private final FacebookStore store;
  private final GraphAuth auth;
  private final String publicUrl;

  FacebookCommentService(FacebookStore store, GraphAuth auth, io.herald.simulator.config.SimulatorConfig config) {
    this.store = store;
    this.auth = auth;
    this.publicUrl = config.publicUrl().replaceAll("/+$", "");
  }

  public Response comment(String objectId, GraphParams params) {
    FacebookToken token = auth.require(params);
    FacebookPost object = commentable(objectId, token);
    if (token.kind() != FacebookToken.Kind.PAGE || !token.scopes().contains("pages_manage_engagement")) {
      throw GraphException.permission("The permission(s) pages_manage_engagement are not available. It could"
          + " also be that the Page token is missing or of another Page");
    }
    String message = FacebookPublishService.normalise(params.get("message"));
    String attachment = params.get("attachment_url");
    if (message == null && attachment == null) {
      throw GraphException.invalidParameter("Missing message or attachment");
    }
    if (message != null && message.length() > 8_000) {
      throw GraphException.invalidParameter("Param message is too long (8000 max)");
    }
    if (attachment != null && !attachment.matches("(?i)https?://\\S+")) {
      throw GraphException.invalidParameter("Param attachment_url must be a valid URL");
    }
    var page = store.page(object.pageId()).orElseThrow();
    var comment = new FacebookComment(objectId + "_" + store.nextObjectId(), objectId,
        new FacebookPost.Profile(page.id(), page.name()), message, attachment, Instant.now(), token.appId());
    store.addComment(comment);
    return Response.ok(Map.of("id", comment.id())).build();
  }

  /** A visitor's comment, for tests (someone else replying under the Page's post). */
  public FacebookComment byVisitor(String objectId, String message) {
    store.object(objectId).orElseThrow(() -> GraphException.unsupported(objectId, "post"));
    var comment = new FacebookComment(objectId + "_" + store.nextObjectId(), objectId, store.newVisitor(), message,
        null, Instant.now(), null);
    store.addComment(comment);
    return comment;
  }

  public Response comments(String version, String objectId, GraphParams params) {
    FacebookToken token = auth.require(params);
    commentable(objectId, token);
    var fields = GraphFields.parse(params.get("fields"), "id,message,created_time,from", FIELDS, "Comment");
    String order = params.get("order") == null ? "chronological" : params.get("order");
    Comparator<FacebookComment> byTime = Comparator.comparing(FacebookComment::createdTime);
    var all = store.comments(objectId).stream().sorted(switch (order) {
      case "chronological" -> byTime;
      case "reverse_chronological" -> byTime.reversed();
      default -> throw GraphException.invalidParameter("Param order must be one of {chronological,"
          + " reverse_chronological, ranked}");
    }).toList();
    int limit = params.get("limit") == null ? 25 : Integer.parseInt(params.get("limit"));
    if (limit < 1 || limit > 100) {
      throw GraphException.invalidParameter("Param limit must be between 1 and 100");
    }
    int start = 0;
    if (params.get("after") != null) {
      String after = new String(Base64.getUrlDecoder().decode(params.get("after")), StandardCharsets.UTF_8);
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).id().equals(after)) {
          start = i + 1;
        }
      }
    }
    var page = all.subList(Math.min(start, all.size()), Math.min(start + limit, all.size()));
    var paging = new LinkedHashMap<String, Object>();
    if (!page.isEmpty()) {
      String after = cursor(page.getLast().id());
      paging.put("cursors", Map.of("before", cursor(page.getFirst().id()), "after", after));
      if (start + limit < all.size()) {
        paging.put("next", publicUrl + "/" + version + "/" + objectId + "/comments?limit=" + limit + "&after="
            + after + "&order=" + order + (params.get("fields") == null ? ""
            : "&fields=" + URLEncoder.encode(params.get("fields"), StandardCharsets.UTF_8)));
      }
    }
    List<Map<String, Object>> data = page.stream().map(c -> fields.select(render(c))).toList();
    return Response.ok(Map.of("data", data, "paging", paging)).build();
  }

  /** The post or video, if the token's Page owns it and it takes comments (published; not a Story). */
  private FacebookPost commentable(String objectId, FacebookToken token) {
    var object = store.object(objectId).filter(p -> p.pageId().equals(token.pageId())
            || store.page(p.pageId()).map(owner -> owner.userId().equals(token.userId())).orElse(false))
        .orElseThrow(() -> GraphException.unsupported(objectId, "post"));
    if (object.kind() == FacebookPost.Kind.STORY || !object.live()) {
      throw GraphException.unsupported(objectId, "post");
    }
    return object;
  }

  private static Map<String, Object> render(FacebookComment c) {
    var node = new LinkedHashMap<String, Object>();
    node.put("id", c.id());
    node.put("message", c.message() == null ? "" : c.message());
    node.put("created_time", GraphNode.GRAPH_TIME.format(c.createdTime()));
    node.put("from", Map.of("id", c.from().id(), "name", c.from().name()));
    node.put("attachment", c.attachmentUrl() == null ? null
        : Map.of("type", "photo", "media", Map.of("image", Map.of("src", c.attachmentUrl()))));
    node.put("application", c.appId() == null ? null : Map.of("id", c.appId(), "name", GraphNode.APP_NAME));
    node.values().removeIf(Objects::isNull);
    return node;
  }

  private static String cursor(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }
}
