package io.herald.auth.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.auth.config.AuthConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URI;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.function.Supplier;

/** TikTok Login Kit: exchanges codes (PKCE) and refresh tokens for token pairs, and revokes tokens. */
@ApplicationScoped
public class TikTokClient {
  private final TikTokRestClient api;
  private final AuthConfig.Tiktok config;
  private final ObjectMapper json;

  TikTokClient(AuthConfig config, ObjectMapper json) {
    this.config = config.tiktok();
    this.json = json;
    this.api = QuarkusRestClientBuilder.newBuilder().connectTimeout(5, TimeUnit.SECONDS).readTimeout(15, TimeUnit.SECONDS)
        .baseUri(URI.create(this.config.apiUrl()))
        .build(TikTokRestClient.class);
  }

  /** A token pair as TikTok answered it; lifetimes come from the answer, never from constants. */
  public record TokenPair(String openId, String accessToken, Duration accessLifetime, String refreshToken,
      Duration refreshLifetime, String scope) {}

  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
      failOn = PlatformException.Unavailable.class)
  @CircuitBreakerName("tiktok-code")
  public TokenPair exchangeCode(String code, String redirectUri, String codeVerifier) {
    var form = credentials();
    form.add("grant_type", "authorization_code");
    form.add("code", code);
    form.add("redirect_uri", redirectUri);
    form.add("code_verifier", codeVerifier);
    return pair(call(() -> api.token(form)));
  }

  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
      failOn = PlatformException.Unavailable.class)
  @CircuitBreakerName("tiktok-refresh")
  public TokenPair refresh(String refreshToken) {
    var form = credentials();
    form.add("grant_type", "refresh_token");
    form.add("refresh_token", refreshToken);
    return pair(call(() -> api.token(form)));
  }

  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
      failOn = PlatformException.Unavailable.class)
  @CircuitBreakerName("tiktok-revoke")
  public void revoke(String token) {
    var form = credentials();
    form.add("token", token);
    call(() -> api.revoke(form));
  }

  private MultivaluedMap<String, String> credentials() {
    var form = new MultivaluedHashMap<String, String>();
    form.add("client_key", config.clientKey().orElseThrow());
    form.add("client_secret", config.clientSecret().orElseThrow());
    return form;
  }

  private static TokenPair pair(JsonNode body) {
    // Some answers wrap the pair in "data".
    JsonNode node = body.has("access_token") ? body : body.path("data");
    if (!node.hasNonNull("access_token") || !node.hasNonNull("open_id")) {
      throw PlatformException.of(PlatformException.Kind.UNAVAILABLE, "tiktok: token answer without access_token/open_id");
    }
    return new TokenPair(node.get("open_id").asText(), node.get("access_token").asText(),
        Duration.ofSeconds(node.path("expires_in").asLong(86_400)),
        node.hasNonNull("refresh_token") ? node.get("refresh_token").asText() : null,
        node.hasNonNull("refresh_expires_in") ? Duration.ofSeconds(node.get("refresh_expires_in").asLong()) : null,
        node.path("scope").asText(null));
  }

  private JsonNode call(Supplier<JsonNode> request) {
    try {
      JsonNode body = request.get();
      if (body == null) {
        return json.createObjectNode();
      }
      checkError(body, 200);
      return body;
    } catch (WebApplicationException e) {
      int status = e.getResponse().getStatus();
      JsonNode body = parse(e.getResponse().readEntity(String.class));
      if (status < 500) {
        checkError(body, status);
      }
      throw PlatformException.of(PlatformException.Kind.UNAVAILABLE, "tiktok: HTTP " + status);
    } catch (ProcessingException e) {
      throw PlatformException.unavailable("tiktok: unreachable (" + e.getMessage() + ")", e);
    }
  }

  /** OAuth errors come as {@code {"error":"invalid_grant",...}}, sometimes with HTTP 200; API errors as an envelope. */
  private static void checkError(JsonNode body, int status) {
    JsonNode error = body.path("error");
    String code = error.isTextual() ? error.asText() : error.path("code").asText("");
    if (code.isEmpty() || "ok".equals(code)) {
      if (status >= 400) {
        throw PlatformException.of(PlatformException.Kind.REFUSED, "tiktok: HTTP " + status);
      }
      return;
    }
    String description = error.isTextual() ? body.path("error_description").asText("") : error.path("message").asText("");
    String reason = "tiktok:" + code + (description.isEmpty() ? "" : " " + description);
    throw PlatformException.of(switch (code) {
      case "invalid_grant" -> PlatformException.Kind.INVALID_GRANT;
      case "internal_error", "rate_limit_exceeded", "temporarily_unavailable" -> PlatformException.Kind.UNAVAILABLE;
      default -> PlatformException.Kind.REFUSED;
    }, reason);
  }

  private JsonNode parse(String body) {
    try {
      return json.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (java.io.IOException e) {
      return json.createObjectNode();
    }
  }
}
