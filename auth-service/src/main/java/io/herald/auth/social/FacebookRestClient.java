package io.herald.auth.social;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.rest.client.reactive.ClientQueryParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The Graph API calls of the Facebook Login flow (docs/platforms.md, "1.1 Connecting a Page"). Error answers
 * become {@link PlatformException}s in {@link FacebookErrors}; origin (with the pinned version) and timeouts are
 * configured as {@code quarkus.rest-client.facebook-graph.*}.
 */
@Produces(MediaType.APPLICATION_JSON)
@RegisterRestClient(configKey = "facebook-graph")
@RegisterProvider(FacebookErrors.class)
interface FacebookRestClient {

  /** A Graph answer; Graph may put an {@code error} in any answer, also one with HTTP 200. */
  interface Answer {
    GraphError error();
  }

  /** {@code {"error":{"message","type","code","error_subcode","fbtrace_id","is_transient"}}}. */
  record GraphError(String message, int code, @JsonProperty("error_subcode") Integer subcode,
      @JsonProperty("is_transient") boolean isTransient) {}

  /** An answer that is only an error. */
  record ErrorAnswer(GraphError error) {}

  /** {@code {"access_token","token_type","expires_in"}}. */
  record UserToken(@JsonProperty("access_token") String accessToken, GraphError error) implements Answer {}

  /** A list answer, one page of it: {@code {"data":[...],"paging":{"cursors":{"before","after"},"next"}}}. */
  interface Paged<T> extends Answer {
    List<T> data();

    Paging paging();
  }

  /** {@code next} is present only while more entries follow; {@code cursors.after} asks for them. */
  record Paging(Cursors cursors, String next) {}

  record Cursors(String before, String after) {}

  /** {@code {"data":[{"id","name","access_token","tasks"}],"paging"}}. */
  record Pages(List<Page> data, Paging paging, GraphError error) implements Paged<Page> {}

  /** A Page the user has a role on, with its Page token and the tasks the user may do there. */
  record Page(String id, String name, @JsonProperty("access_token") String accessToken, List<String> tasks) {}

  /** {@code {"data":[{"id","name"}],"paging"}}: the Businesses (Business Manager) the user belongs to. */
  record Businesses(List<Business> data, Paging paging, GraphError error) implements Paged<Business> {}

  record Business(String id, String name) {}

  /** {@code {"data":[{"permission","status"}]}}. */
  record Permissions(List<Permission> data, GraphError error) implements Answer {}

  record Permission(String permission, String status) {}

  /**
   * {@code GET /debug_token}: {@code {"data":{"app_id","type","is_valid","expires_at","scopes":[...],"profile_id",
   * "error":{"code","message","subcode"}}}}; {@code error} inside {@code data} is the inspected token's, a top-level
   * {@code error} is the call's own (a bad app token).
   */
  record DebugToken(DebugData data, GraphError error) implements Answer {}

  record DebugData(@JsonProperty("is_valid") boolean isValid, String type, List<String> scopes,
      @JsonProperty("expires_at") Long expiresAt, DebugError error) {}

  record DebugError(Integer code, String message, Integer subcode) {}

  /** The code of the login dialog for a short-lived user token. */
  @GET
  @Path("/oauth/access_token")
  UserToken exchangeCode(@QueryParam("client_id") String clientId,
      @QueryParam("redirect_uri") String redirectUri, @QueryParam("client_secret") String clientSecret,
      @QueryParam("code") String code);

  /** A short-lived user token for a long-lived one. */
  @GET
  @Path("/oauth/access_token")
  @ClientQueryParam(name = "grant_type", value = "fb_exchange_token")
  UserToken exchangeForLongLived(@QueryParam("client_id") String clientId,
      @QueryParam("client_secret") String clientSecret, @QueryParam("fb_exchange_token") String userToken);

  /** One page of the user's Pages with their Page tokens ({@code after}: null for the first). */
  @GET
  @Path("/me/accounts")
  Pages pages(@QueryParam("fields") String fields,
      @QueryParam("limit") int limit, @QueryParam("after") String after, @QueryParam("access_token") String userToken);

  /** One page of the user's Businesses (permission {@code business_management}). */
  @GET
  @Path("/me/businesses")
  Businesses businesses(@QueryParam("fields") String fields,
      @QueryParam("limit") int limit, @QueryParam("after") String after, @QueryParam("access_token") String userToken);

  /** One page of a Business's Pages: {@code edge} is {@code owned_pages} or {@code client_pages}. */
  @GET
  @Path("/{businessId}/{edge}")
  Pages businessPages(@PathParam("businessId") String businessId,
      @PathParam("edge") String edge, @QueryParam("fields") String fields, @QueryParam("limit") int limit,
      @QueryParam("after") String after, @QueryParam("access_token") String userToken);

  /** The permissions the user granted the app. */
  @GET
  @Path("/me/permissions")
  Permissions permissions(@QueryParam("access_token") String userToken);

  /** What a token is and whether it is still valid, asked with the app token {@code app_id|app_secret}. */
  @GET
  @Path("/debug_token")
  DebugToken debugToken(@QueryParam("input_token") String inputToken,
      @QueryParam("access_token") String appToken);
}
