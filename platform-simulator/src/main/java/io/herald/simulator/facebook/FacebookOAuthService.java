package io.herald.simulator.facebook;

import io.herald.simulator.config.SimulatorConfig;
import io.herald.simulator.control.ConsentSwitch;
import io.herald.simulator.core.Redirect;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Facebook login dialog, code and token exchange, token inspection and the user's Pages. */
@ApplicationScoped
public class FacebookOAuthService {
  static final List<String> DEFAULT_SCOPES = List.of("pages_show_list", "pages_read_engagement", "pages_manage_posts");
  static final List<String> SEEDED_PAGES = List.of("Herald Demo Page", "Herald Second Page");

  private final FacebookStore store;
  private final GraphAuth auth;
  private final ConsentSwitch consent;
  private final SimulatorConfig.Facebook config;

  FacebookOAuthService(FacebookStore store, GraphAuth auth, ConsentSwitch consent, SimulatorConfig config) {
    this.store = store;
    this.auth = auth;
    this.consent = consent;
    this.config = config.facebook();
  }

  /** The dialog auto-approves (a new user with two Pages) unless denial was requested; it redirects either way. */
  public Response dialog(GraphParams params) {
    String clientId = params.get("client_id");
    String redirectUri = params.get("redirect_uri");
    if (clientId == null) {
      throw new GraphException(400, 101, null, "OAuthException", "Missing client_id parameter.", false);
    }
    checkAppId(clientId);
    if (!Redirect.acceptable(redirectUri, true)) {
      throw GraphException.invalidParameter(
          "redirect_uri is missing or not an absolute URL; it must match the app's Valid OAuth Redirect URIs");
    }
    var control = consent.get("FACEBOOK");
    boolean deny = "deny".equalsIgnoreCase(params.get("sim_consent"))
        || control.map(ConsentSwitch.Consent::deny).orElse(false);
    var target = Redirect.to(redirectUri);
    if (deny) {
      target.param("error", "access_denied").param("error_code", 200)
          .param("error_description", "Permissions error").param("error_reason", "user_denied");
    } else {
      List<String> scopes = params.get("scope") == null ? DEFAULT_SCOPES
          : Arrays.stream(params.get("scope").split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
      String userId = params.get("sim_user") != null ? params.get("sim_user")
          : control.map(ConsentSwitch.Consent::userId).orElse(null);
      var user = userId != null && store.user(userId).isPresent() ? store.user(userId).get()
          : store.createUser("Herald Demo User", SEEDED_PAGES, clientId, scopes);
      target.param("code", store.issueCode(clientId, redirectUri, user.id(), scopes).code());
    }
    return target.param("state", params.get("state")).build();
  }

  /** {@code /oauth/access_token}: code exchange, or {@code grant_type=fb_exchange_token}. */
  public Response accessToken(GraphParams params) {
    String clientId = params.get("client_id");
    if (clientId == null) {
      throw new GraphException(400, 101, null, "OAuthException", "Missing client_id parameter.", false);
    }
    checkAppId(clientId);
    String secret = params.get("client_secret");
    if (secret == null || config.appSecret().map(s -> !s.equals(secret)).orElse(false)) {
      throw new GraphException(400, 1, null, "OAuthException", "Error validating client secret.", false);
    }
    if ("fb_exchange_token".equals(params.get("grant_type"))) {
      String shortLived = params.get("fb_exchange_token");
      if (shortLived == null) {
        throw GraphException.invalidParameter("Missing parameter fb_exchange_token");
      }
      FacebookToken token = auth.check(shortLived);
      if (token.kind() != FacebookToken.Kind.USER) {
        throw GraphException.invalidParameter("fb_exchange_token must be a user access token");
      }
      return tokenAnswer(store.issueUserToken(token.userId(), clientId, token.scopes(),
          Instant.now().plus(config.longLivedTokenLifetime())));
    }
    String codeValue = params.get("code");
    if (codeValue == null) {
      throw GraphException.invalidParameter("Missing authorization code");
    }
    var code = store.code(codeValue).orElseThrow(
        () -> GraphException.invalidParameter(36007, "Invalid verification code format."));
    if (!code.appId().equals(clientId) || !code.redirectUri().equals(params.get("redirect_uri"))) {
      throw GraphException.invalidParameter(36008, "Error validating verification code. Please make sure your "
          + "redirect_uri is identical to the one you used in the OAuth dialog request");
    }
    if (Instant.now().isAfter(code.expiresAt())) {
      throw GraphException.invalidParameter(36007, "This authorization code has expired.");
    }
    if (!code.used().compareAndSet(false, true)) {
      throw GraphException.invalidParameter(36009, "This authorization code has been used.");
    }
    Log.debugf("Facebook code exchanged for user %s", code.userId());
    return tokenAnswer(store.issueUserToken(code.userId(), clientId, code.scopes(),
        Instant.now().plus(config.shortLivedTokenLifetime())));
  }

  /** {@code /me}: the user or Page the token belongs to. */
  public Response me(GraphParams params) {
    if (params.token().isEmpty()) {
      throw new GraphException(400, 2500, null, "OAuthException",
          "An active access token must be used to query information about the current user.", false);
    }
    FacebookToken token = auth.require(params);
    if (token.kind() == FacebookToken.Kind.PAGE) {
      var page = store.page(token.pageId()).orElseThrow();
      return Response.ok(Map.of("id", page.id(), "name", page.name())).build();
    }
    var user = store.user(token.userId()).orElseThrow();
    return Response.ok(Map.of("id", user.id(), "name", user.name())).build();
  }

  /** {@code /me/permissions}: the scopes granted to the token. */
  public Response permissions(GraphParams params) {
    FacebookToken token = auth.require(params);
    var data = token.scopes().stream().map(s -> Map.of("permission", s, "status", "granted")).toList();
    return Response.ok(Map.of("data", data)).build();
  }

  /** {@code /debug_token}: what a token is and whether it is valid. */
  public Response debugToken(GraphParams params) {
    String appToken = params.token().orElseThrow(() -> new GraphException(400, 104, null, "OAuthException",
        "An access token is required to request this resource.", false));
    if (!appToken.contains("|")) {
      auth.check(appToken);
    } else {
      checkAppId(appToken.substring(0, appToken.indexOf('|')));
      String secret = appToken.substring(appToken.indexOf('|') + 1);
      if (secret.isBlank() || config.appSecret().map(s -> !s.equals(secret)).orElse(false)) {
        throw GraphException.invalidToken(null, "Invalid OAuth access token signature.");
      }
    }
    String input = params.get("input_token");
    if (input == null) {
      throw GraphException.invalidParameter("The parameter input_token is required");
    }
    var data = new LinkedHashMap<String, Object>();
    var token = store.token(input);
    if (token.isEmpty()) {
      data.put("error", Map.of("code", 190, "message", "Invalid OAuth access token - Cannot parse access token"));
      data.put("is_valid", false);
      data.put("scopes", List.of());
      return Response.ok(Map.of("data", data)).build();
    }
    FacebookToken t = token.get();
    data.put("app_id", t.appId());
    data.put("type", t.kind().name());
    data.put("application", "Herald (simulated)");
    data.put("data_access_expires_at", Instant.now().plusSeconds(90L * 86400).getEpochSecond());
    data.put("expires_at", t.expiresAt() == null ? 0 : t.expiresAt().getEpochSecond());
    try {
      auth.check(input);
      data.put("is_valid", true);
    } catch (GraphException e) {
      data.put("is_valid", false);
      var error = new LinkedHashMap<String, Object>();
      error.put("code", e.code());
      error.put("message", e.getMessage());
      if (e.subcode() != null) {
        error.put("subcode", e.subcode());
      }
      data.put("error", error);
    }
    data.put("issued_at", t.issuedAt().getEpochSecond());
    if (t.pageId() != null) {
      data.put("profile_id", t.pageId());
    }
    data.put("scopes", t.scopes());
    if (t.pageId() != null) {
      data.put("granular_scopes", t.scopes().stream().map(s -> Map.of("scope", s, "target_ids", List.of(t.pageId())))
          .toList());
    }
    data.put("user_id", t.userId());
    return Response.ok(Map.of("data", data)).build();
  }

  private void checkAppId(String clientId) {
    if (config.appId().map(id -> !id.equals(clientId)).orElse(false)) {
      throw new GraphException(400, 101, null, "OAuthException",
          "Error validating application. Invalid application ID.", false);
    }
  }

  private static Response tokenAnswer(FacebookToken token) {
    var body = new LinkedHashMap<String, Object>();
    body.put("access_token", token.value());
    body.put("token_type", "bearer");
    body.put("expires_in", token.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
    return Response.ok(body).build();
  }
}
