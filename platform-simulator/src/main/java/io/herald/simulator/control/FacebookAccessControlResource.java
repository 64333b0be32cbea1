package io.herald.simulator.control;

import io.herald.simulator.facebook.FacebookStore;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Control of what a Facebook user can reach and what their tokens may do: Businesses with Pages managed through
 * Business Manager, and a permission taken away from tokens ({@code /debug_token} then lists it no more). A whole
 * token is invalidated with {@code POST /_sim/tokens/revoke}.
 */
@Path("/_sim/facebook/access")
public class FacebookAccessControlResource {
  private static final List<String> SCOPES = List.of("pages_show_list", "pages_read_engagement", "pages_manage_posts",
      "pages_manage_engagement", "business_management");

  private final FacebookStore facebook;

  FacebookAccessControlResource(FacebookStore facebook) {
    this.facebook = facebook;
  }

  /** Answers the Business's id and its Pages ({@code id}, {@code name}, {@code token}). */
  @POST
  @Path("/businesses")
  public Response seedBusiness(SeedBusinessRequest request) {
    if (request == null || request.userId() == null || facebook.user(request.userId()).isEmpty()) {
      throw ControlException.invalid("userId", "must name an existing Facebook user");
    }
    var business = facebook.createBusiness(request.userId(),
        request.name() == null ? "Herald Demo Business" : request.name(),
        request.ownedPages() == null ? List.of() : request.ownedPages(),
        request.clientPages() == null ? List.of() : request.clientPages(),
        request.appId() == null ? "simulated-app" : request.appId(),
        request.scopes() == null || request.scopes().isEmpty() ? SCOPES : request.scopes());
    var pages = Stream.concat(business.ownedPageIds().stream(), business.clientPageIds().stream())
        .map(id -> facebook.page(id).orElseThrow())
        .map(p -> Map.of("id", p.id(), "name", p.name(), "token", p.token())).toList();
    var body = new LinkedHashMap<String, Object>();
    body.put("id", business.id());
    body.put("name", business.name());
    body.put("pages", pages);
    return Response.status(Response.Status.CREATED).entity(body).build();
  }

  /** Takes {@code scope} away from the token (or every token of the account); answers how many lost it. */
  @POST
  @Path("/scopes/revoke")
  public Map<String, Integer> revokeScope(ScopeRevocation request) {
    if (request == null || request.scope() == null || request.scope().isBlank()) {
      throw ControlException.invalid("scope", "is required");
    }
    if ((request.token() == null) == (request.account() == null)) {
      throw ControlException.invalid("token", "or account: give exactly one of them");
    }
    List<String> tokens = request.token() != null ? List.of(request.token()) : facebook.tokensOf(request.account());
    int count = (int) tokens.stream().filter(t -> facebook.revokeScope(t, request.scope())).count();
    if (count == 0) {
      throw ControlException.notFound("A token with " + request.scope());
    }
    return Map.of("revoked", count);
  }
}
