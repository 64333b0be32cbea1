package io.herald.auth.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.auth.config.AuthConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Facebook Login: code -> short-lived user token -> long-lived user token -> the user's Pages with their tokens. */
@ApplicationScoped
public class FacebookClient {
  private final FacebookRestClient graph;
  private final AuthConfig.Facebook config;
  private final ObjectMapper json;

  FacebookClient(AuthConfig config, ObjectMapper json) {
    this.config = config.facebook();
    this.json = json;
    this.graph = QuarkusRestClientBuilder.newBuilder().connectTimeout(5, TimeUnit.SECONDS).readTimeout(15, TimeUnit.SECONDS)
        .baseUri(URI.create(this.config.graphUrl()))
        .build(FacebookRestClient.class);
  }

  /** A Page the user can publish to, with its (non-expiring) Page token. */
  public record Page(String id, String name, String accessToken) {}

  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
      failOn = PlatformException.Unavailable.class)
  @CircuitBreakerName("facebook-login")
  public List<Page> pagesFor(String code, String redirectUri) {
    String appId = config.appId().orElseThrow();
    String secret = config.appSecret().orElseThrow();
    JsonNode shortLived = call(() -> graph.exchangeCode(config.apiVersion(), appId, redirectUri, secret, code));
    String userToken = requireText(shortLived, "access_token");
    JsonNode longLived = call(() -> graph.exchangeForLongLived(config.apiVersion(), "fb_exchange_token", appId, secret,
        userToken));
    String longLivedToken = requireText(longLived, "access_token");
    JsonNode pages = call(() -> graph.pages(config.apiVersion(), "id,name,access_token,tasks", 100, longLivedToken));
    var result = new ArrayList<Page>();
    for (JsonNode page : pages.path("data")) {
      JsonNode tasks = page.path("tasks");
      // Without the CREATE_CONTENT task the user cannot publish to the Page; older answers carry no tasks at all.
      boolean canPost = !tasks.isArray() || tasks.isEmpty() || contains(tasks, "CREATE_CONTENT");
      if (canPost && page.hasNonNull("id") && page.hasNonNull("access_token")) {
        result.add(new Page(page.get("id").asText(), page.path("name").asText(page.get("id").asText()),
            page.get("access_token").asText()));
      }
    }
    return result;
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode item : array) {
      if (value.equals(item.asText())) {
        return true;
      }
    }
    return false;
  }

  private JsonNode call(Supplier<JsonNode> request) {
    try {
      JsonNode body = request.get();
      if (body == null) {
        throw PlatformException.of(PlatformException.Kind.UNAVAILABLE, "facebook: empty answer");
      }
      if (body.has("error")) {
        throw refusal(body.get("error"), 200);
      }
      return body;
    } catch (WebApplicationException e) {
      int status = e.getResponse().getStatus();
      JsonNode error = parse(e.getResponse().readEntity(String.class)).path("error");
      if (error.isObject() && status < 500) {
        throw refusal(error, status);
      }
      throw PlatformException.of(PlatformException.Kind.UNAVAILABLE, "facebook: HTTP " + status);
    } catch (ProcessingException e) {
      throw PlatformException.unavailable("facebook: unreachable (" + e.getMessage() + ")", e);
    }
  }

  private static PlatformException refusal(JsonNode error, int status) {
    int code = error.path("code").asInt();
    String reason = "facebook:" + code + (error.has("error_subcode") ? "/" + error.path("error_subcode").asInt() : "")
        + " " + error.path("message").asText("HTTP " + status);
    boolean transientError = code == 1 || code == 2 || error.path("is_transient").asBoolean(false);
    return PlatformException.of(transientError ? PlatformException.Kind.UNAVAILABLE
        : code == 190 ? PlatformException.Kind.INVALID_GRANT : PlatformException.Kind.REFUSED, reason);
  }

  private JsonNode parse(String body) {
    try {
      return json.readTree(body == null ? "{}" : body);
    } catch (java.io.IOException e) {
      return json.createObjectNode();
    }
  }

  private static String requireText(JsonNode node, String field) {
    if (!node.hasNonNull(field) || node.get(field).asText().isBlank()) {
      throw PlatformException.of(PlatformException.Kind.UNAVAILABLE, "facebook: answer without " + field);
    }
    return node.get(field).asText();
  }
}
