package io.herald.simulator.facebook;

import io.herald.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reading a Page back: its feed edges ({@code feed}, {@code posts}, {@code published_posts},
 * {@code scheduled_posts}), its {@code videos} and {@code photos}, and single objects by id, with Graph's
 * {@code fields} selections and cursor paging.
 */
@ApplicationScoped
public class FacebookReadService {
  private final FacebookStore store;
  private final GraphAuth auth;
  private final String publicUrl;

  FacebookReadService(FacebookStore store, GraphAuth auth, SimulatorConfig config) {
    this.store = store;
    this.auth = auth;
    this.publicUrl = config.publicUrl().replaceAll("/+$", "");
  }

  /**
   * {@code GET /{page-id}/feed|posts|published_posts|scheduled_posts}: newest first. {@code feed} shows the Page's
   * published posts once visible (past the feed delay, videos processed) and visitors' posts; {@code posts} and
   * {@code published_posts} only the Page's own; {@code scheduled_posts} those still waiting for their time.
   */
  public Response feed(String version, String pageId, String edge, GraphParams params) {
    readAccess(pageId, params);
    GraphFields fields = GraphNode.POST.fields(params);
    Instant now = Instant.now();
    Predicate<FacebookPost> shown = switch (edge) {
      case "scheduled_posts" -> p -> p.scheduledPublishTime() != null && !p.live();
      case "feed" -> p -> p.onFeed(now);
      default -> p -> p.onFeed(now) && p.kind() != FacebookPost.Kind.VISITOR;
    };
    // Reels and Stories are not Page posts: they never show on these edges.
    Predicate<FacebookPost> pagePost = p -> p.kind() != FacebookPost.Kind.REEL && p.kind() != FacebookPost.Kind.STORY;
    var posts = store.posts(pageId).stream().filter(pagePost.and(shown).and(createdBetween(params))).toList();
    return paged(posts, FacebookPost::id, p -> fields.select(GraphNode.POST.render(p, now)), params,
        version, pageId, edge);
  }

  /** {@code GET /{page-id}/videos}: the Page's videos, newest first, unpublished and processing ones included. */
  public Response videos(String version, String pageId, GraphParams params) {
    readAccess(pageId, params);
    GraphFields fields = GraphNode.VIDEO.fields(params);
    Instant now = Instant.now();
    var videos = store.posts(pageId).stream()
        .filter(p -> p.kind() == FacebookPost.Kind.VIDEO)
        .filter(createdBetween(params)).toList();
    return paged(videos, FacebookPost::objectId, p -> fields.select(GraphNode.VIDEO.render(p, now)), params,
        version, pageId, "videos");
  }

  /**
   * {@code GET /{page-id}/photos?type=uploaded}: the Page's photos, newest first, unpublished uploads included.
   * Without {@code type=uploaded} Graph lists the photos the Page is tagged in: none here.
   */
  public Response photos(String version, String pageId, GraphParams params) {
    readAccess(pageId, params);
    GraphFields fields = GraphNode.PHOTO.fields(params);
    String type = params.get("type") == null ? "tagged" : params.get("type");
    if (!type.equals("tagged") && !type.equals("uploaded")) {
      throw GraphException.invalidParameter("Param type must be one of {tagged, uploaded}");
    }
    Instant now = Instant.now();
    var photos = store.posts(pageId).stream()
        .filter(p -> type.equals("uploaded") && p.kind() == FacebookPost.Kind.PHOTO)
        .filter(createdBetween(params)).toList();
    return paged(photos, FacebookPost::objectId, p -> fields.select(GraphNode.PHOTO.render(p, now)), params,
        version, pageId, "photos");
  }

  /** {@code GET /{object-id}}: a Page, post, photo or video the token may read, with the fields asked for. */
  public Response object(String id, GraphParams params) {
    FacebookToken token = auth.require(params);
    var page = store.page(id);
    if (page.isPresent()) {
      return pageInfo(page.get(), token, params);
    }
    var post = store.object(id).filter(p -> p.pageId().equals(token.pageId())
            || store.page(p.pageId()).map(owner -> owner.userId().equals(token.userId())).orElse(false))
        .orElseThrow(() -> GraphException.unsupported(id, "get"));
    GraphNode node = GraphNode.of(post, id);
    return Response.ok(node.fields(params).select(node.render(post, Instant.now()))).build();
  }

  /** {@code GET /{page-id}?fields=id,name,access_token}: the Page; its token only for its managing user. */
  private Response pageInfo(FacebookStore.Page page, FacebookToken token, GraphParams params) {
    boolean owner = token.kind() == FacebookToken.Kind.USER && page.userId().equals(token.userId());
    if (!owner && !page.id().equals(token.pageId())) {
      throw GraphException.unsupported(page.id(), "get");
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

  /**
   * One page of an edge: {@code limit} 1–100 (default 25) after the {@code after} cursor; {@code paging.next} is an
   * absolute URL on the simulator's public URL with the same query, without the token.
   */
  private Response paged(List<FacebookPost> items, Function<FacebookPost, String> key,
      Function<FacebookPost, Map<String, Object>> render, GraphParams params, String version, String pageId,
      String edge) {
    int limit = limit(params);
    int start = 0;
    if (params.get("after") != null) {
      String afterKey = decodeCursor(params.get("after"));
      for (int i = 0; i < items.size(); i++) {
        if (key.apply(items.get(i)).equals(afterKey)) {
          start = i + 1;
        }
      }
    }
    var page = items.subList(Math.min(start, items.size()), Math.min(start + limit, items.size()));
    var paging = new LinkedHashMap<String, Object>();
    if (!page.isEmpty()) {
      String after = cursor(key.apply(page.getLast()));
      paging.put("cursors", Map.of("before", cursor(key.apply(page.getFirst())), "after", after));
      if (start + limit < items.size()) {
        var next = new StringBuilder(publicUrl).append('/').append(version).append('/').append(pageId).append('/')
            .append(edge).append("?limit=").append(limit).append("&after=").append(after);
        for (String name : List.of("fields", "since", "until", "type")) {
          if (params.get(name) != null) {
            next.append('&').append(name).append('=')
                .append(URLEncoder.encode(params.get(name), StandardCharsets.UTF_8));
          }
        }
        paging.put("next", next.toString());
      }
    }
    return Response.ok(Map.of("data", page.stream().map(render).toList(), "paging", paging)).build();
  }

  private void readAccess(String pageId, GraphParams params) {
    FacebookToken token = auth.require(params);
    var page = store.page(pageId).orElseThrow(() -> GraphException.unsupported(pageId, "get"));
    if (!pageId.equals(token.pageId()) && !page.userId().equals(token.userId())) {
      throw GraphException.permission("The user hasn't authorized the application to perform this action");
    }
  }

  private static int limit(GraphParams params) {
    int limit;
    try {
      limit = params.get("limit") == null ? 25 : Integer.parseInt(params.get("limit"));
    } catch (NumberFormatException e) {
      throw GraphException.invalidParameter("Param limit must be an integer");
    }
    if (limit < 1 || limit > 100) {
      throw GraphException.invalidParameter("Param limit must be between 1 and 100");
    }
    return limit;
  }

  /** The {@code since}/{@code until} filter on creation time (Unix seconds or ISO-8601). */
  private static Predicate<FacebookPost> createdBetween(GraphParams params) {
    Instant since = params.time("since", "Param since must be a Unix timestamp or an ISO-8601 time");
    Instant until = params.time("until", "Param until must be a Unix timestamp or an ISO-8601 time");
    return p -> (since == null || !p.createdTime().isBefore(since))
        && (until == null || !p.createdTime().isAfter(until));
  }

  private static String cursor(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw GraphException.invalidParameter("Invalid cursor");
    }
  }
}
