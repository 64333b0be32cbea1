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
 * become {@link PlatformException}s in {@link FacebookErrors}; origin and timeouts are configured as
 * {@code quarkus.rest-client.facebook-graph.*}.
 */
@Path("/{version}")
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

  /** {@code {"data":[{"id","name","access_token","tasks"}],"paging"}}. */
  record Pages(List<Page> data, GraphError error) implements Answer {}

  /** A Page the user has a role on, with its Page token and the tasks the user may do there. */
  record Page(String id, String name, @JsonProperty("access_token") String accessToken, List<String> tasks) {}

  /** The code of the login dialog for a short-lived user token. */
  @GET
  @Path("/oauth/access_token")
  UserToken exchangeCode(@PathParam("version") String version, @QueryParam("client_id") String clientId,
      @QueryParam("redirect_uri") String redirectUri, @QueryParam("client_secret") String clientSecret,
      @QueryParam("code") String code);

  /** A short-lived user token for a long-lived one. */
  @GET
  @Path("/oauth/access_token")
  @ClientQueryParam(name = "grant_type", value = "fb_exchange_token")
  UserToken exchangeForLongLived(@PathParam("version") String version, @QueryParam("client_id") String clientId,
      @QueryParam("client_secret") String clientSecret, @QueryParam("fb_exchange_token") String userToken);

  /** The user's Pages with their Page tokens. */
  @GET
  @Path("/me/accounts")
  Pages pages(@PathParam("version") String version, @QueryParam("fields") String fields,
      @QueryParam("limit") int limit, @QueryParam("access_token") String userToken);
}
