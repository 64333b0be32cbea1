package io.herald.simulator.facebook;

import io.herald.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Pages a user can reach, paged as Graph pages them ({@code data} + {@code paging.cursors} + {@code paging.next}
 * while more remain): {@code /me/accounts} (Pages the user has a role on), {@code /me/businesses} and a Business's
 * {@code owned_pages} and {@code client_pages} (Pages the user manages only through Business Manager).
 */
@ApplicationScoped
public class FacebookAccountsService {
  static final List<String> TASKS = List.of("ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE",
      "MANAGE");

  private final FacebookStore store;
  private final GraphAuth auth;
  private final SimulatorConfig config;

  FacebookAccountsService(FacebookStore store, GraphAuth auth, SimulatorConfig config) {
    this.store = store;
    this.auth = auth;
    this.config = config;
  }

  /** {@code /me/accounts} or {@code /{user-id}/accounts}: the user's Pages, each with its Page token. */
  public Response accounts(String version, GraphParams params, String userPathId) {
    FacebookToken token = userToken(params, "accounts");
    if (userPathId != null && !userPathId.equals(token.userId())) {
      throw GraphException.permission("Requires a token of the user whose accounts are read");
    }
    var user = store.user(token.userId()).orElseThrow();
    return paged(user.pageIds(), id -> page(id, token), params,
        config.publicUrl() + "/" + version + "/" + (userPathId == null ? "me" : userPathId) + "/accounts");
  }

  /** {@code /me/businesses} (permission {@code business_management}): the Businesses the user belongs to. */
  public Response businesses(String version, GraphParams params) {
    FacebookToken token = userToken(params, "businesses");
    requireBusinessManagement(token);
    var ids = store.businessesOf(token.userId()).stream().map(FacebookStore.Business::id).toList();
    return paged(ids, id -> {
      var business = store.business(id).orElseThrow();
      return new LinkedHashMap<>(Map.of("id", business.id(), "name", business.name()));
    }, params, config.publicUrl() + "/" + version + "/me/businesses");
  }

  /** {@code /{business-id}/owned_pages|client_pages}: the Business's Pages, with Page tokens for its members. */
  public Response businessPages(String version, String businessId, String edge, GraphParams params) {
    FacebookToken token = userToken(params, edge);
    requireBusinessManagement(token);
    var business = store.business(businessId).orElseThrow(() -> GraphException.unsupported(businessId, "get"));
    if (!business.userIds().contains(token.userId())) {
      throw GraphException.permission("The user is not a member of the Business");
    }
    var ids = "owned_pages".equals(edge) ? business.ownedPageIds() : business.clientPageIds();
    return paged(ids, id -> page(id, token), params,
        config.publicUrl() + "/" + version + "/" + businessId + "/" + edge);
  }

  private FacebookToken userToken(GraphParams params, String edge) {
    FacebookToken token = auth.require(params);
    if (token.kind() != FacebookToken.Kind.USER) {
      throw GraphException.invalidParameter("(#100) Tried accessing nonexisting field (" + edge
          + ") on node type (Page)");
    }
    return token;
  }

  private static void requireBusinessManagement(FacebookToken token) {
    if (!token.scopes().contains("business_management")) {
      throw GraphException.permission("Requires business_management permission to manage the object");
    }
  }

  private Map<String, Object> page(String id, FacebookToken token) {
    var page = store.pageWithValidToken(id, token.appId(), token.scopes());
    var entry = new LinkedHashMap<String, Object>();
    entry.put("access_token", page.token());
    entry.put("category", page.category());
    entry.put("category_list", List.of(Map.of("id", "2301", "name", page.category())));
    entry.put("name", page.name());
    entry.put("id", page.id());
    entry.put("tasks", TASKS);
    return entry;
  }

  /** One page of {@code ids} after the {@code after} cursor (an index), at most {@code limit} and the page size. */
  private Response paged(List<String> ids, Function<String, Map<String, Object>> render, GraphParams params,
      String edgeUrl) {
    int limit = Math.min(limit(params), config.facebook().accountsPageSize());
    int start = params.get("after") == null ? 0 : decode(params.get("after")) + 1;
    int end = Math.min(start + limit, ids.size());
    var slice = ids.subList(Math.min(start, ids.size()), end);
    var paging = new LinkedHashMap<String, Object>();
    if (!slice.isEmpty()) {
      paging.put("cursors", Map.of("before", encode(start), "after", encode(end - 1)));
      if (end < ids.size()) {
        var next = new StringBuilder(edgeUrl).append("?limit=").append(limit).append("&after=").append(encode(end - 1));
        if (params.get("fields") != null) {
          next.append("&fields=").append(URLEncoder.encode(params.get("fields"), StandardCharsets.UTF_8));
        }
        paging.put("next", next.toString());
      }
    }
    return Response.ok(Map.of("data", slice.stream().map(render).toList(), "paging", paging)).build();
  }

  private static int limit(GraphParams params) {
    try {
      int limit = params.get("limit") == null ? 25 : Integer.parseInt(params.get("limit"));
      if (limit < 1 || limit > 100) {
        throw GraphException.invalidParameter("Param limit must be between 1 and 100");
      }
      return limit;
    } catch (NumberFormatException e) {
      throw GraphException.invalidParameter("Param limit must be an integer");
    }
  }

  private static String encode(int index) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("idx:" + index).getBytes(StandardCharsets.UTF_8));
  }

  private static int decode(String cursor) {
    try {
      String value = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!value.startsWith("idx:")) {
        throw GraphException.invalidParameter("Invalid cursor");
      }
      return Integer.parseInt(value.substring(4));
    } catch (IllegalArgumentException e) {
      throw GraphException.invalidParameter("Invalid cursor");
    }
  }
}
