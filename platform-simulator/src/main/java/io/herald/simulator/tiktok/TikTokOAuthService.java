package io.herald.simulator.tiktok;

import io.herald.simulator.config.SimulatorConfig;
import io.herald.simulator.control.ConsentSwitch;
import io.herald.simulator.core.Redirect;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TikTok Login Kit v2: the authorize page (auto-approving, PKCE), the token endpoint (rotating refresh) and revoke. */
@ApplicationScoped
public class TikTokOAuthService {
  static final List<String> DEFAULT_SCOPES = List.of("user.info.basic", "video.publish", "video.upload");

  private final TikTokStore store;
  private final ConsentSwitch consent;
  private final SimulatorConfig.TikTok config;

  TikTokOAuthService(TikTokStore store, ConsentSwitch consent, SimulatorConfig config) {
    this.store = store;
    this.consent = consent;
    this.config = config.tiktok();
  }

  /** {@code GET /v2/auth/authorize/}: redirects with {@code code}, {@code scopes} and {@code state}, or an error. */
  public Response authorize(MultivaluedMap<String, String> query) {
    String clientKey = query.getFirst("client_key");
    String redirectUri = query.getFirst("redirect_uri");
    if (blank(clientKey) || config.clientKey().map(k -> !k.equals(clientKey)).orElse(false)) {
      throw new TikTokOAuthException(400, "invalid_client", "client_key is missing or unknown");
    }
    if (!Redirect.acceptable(redirectUri, false)) {
      throw TikTokOAuthException.invalidRequest("redirect_uri must be an absolute URL without query or fragment");
    }
    var target = Redirect.to(redirectUri);
    String state = query.getFirst("state");
    String challenge = query.getFirst("code_challenge");
    String error = null;
    String description = null;
    var control = consent.get("TIKTOK");
    if (!"code".equals(query.getFirst("response_type"))) {
      error = "unsupported_response_type";
      description = "response_type must be code";
    } else if (!blank(challenge) && !"S256".equals(query.getFirst("code_challenge_method"))) {
      error = "invalid_request";
      description = "code_challenge_method must be S256";
    } else if (blank(challenge) && config.requirePkce()) {
      error = "invalid_request";
      description = "code_challenge is required";
    } else if ("deny".equalsIgnoreCase(query.getFirst("sim_consent"))
        || control.map(ConsentSwitch.Consent::deny).orElse(false)) {
      error = "access_denied";
      description = "The user denied the authorization request";
    }
    if (error != null) {
      target.param("error", error).param("error_description", description);
    } else {
      List<String> scopes = blank(query.getFirst("scope")) ? DEFAULT_SCOPES
          : Arrays.stream(query.getFirst("scope").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      String openId = query.getFirst("sim_user") != null ? query.getFirst("sim_user")
          : control.map(ConsentSwitch.Consent::userId).orElse(null);
      TikTokUser user = openId != null && store.user(openId).isPresent() ? store.user(openId).get()
          : store.createUser("Herald Demo Creator", "herald.demo", TikTokUser.PUBLIC_OPTIONS, false, false, false, 300,
              null);
      var code = store.issueCode(clientKey, redirectUri, user.openId(), scopes, blank(challenge) ? null : challenge);
      target.param("code", code.code()).param("scopes", String.join(",", scopes));
    }
    return target.param("state", state).build();
  }

  /** {@code POST /v2/oauth/token/}: {@code authorization_code} (PKCE checked) or {@code refresh_token} (rotating). */
  public Response token(Map<String, String> form) {
    String clientKey = checkClient(form);
    String grantType = form.get("grant_type");
    if ("authorization_code".equals(grantType)) {
      if (blank(form.get("code"))) {
        throw TikTokOAuthException.invalidRequest("code is required");
      }
      var code = store.code(form.get("code"))
          .orElseThrow(() -> TikTokOAuthException.invalidGrant("Authorization code is expired or invalid."));
      if (!code.clientKey().equals(clientKey) || Instant.now().isAfter(code.expiresAt())) {
        throw TikTokOAuthException.invalidGrant("Authorization code is expired or invalid.");
      }
      if (!code.redirectUri().equals(form.get("redirect_uri"))) {
        throw TikTokOAuthException.invalidGrant("redirect_uri does not match the authorization request.");
      }
      if (code.codeChallenge() != null && !Pkce.matches(code.codeChallenge(), form.get("code_verifier"))) {
        throw TikTokOAuthException.invalidGrant("Code verifier or code challenge is invalid.");
      }
      if (!code.used().compareAndSet(false, true)) {
        throw TikTokOAuthException.invalidGrant("Authorization code has been used.");
      }
      return tokenAnswer(store.issueTokens(clientKey, code.openId(), code.scopes(), config.accessTokenLifetime(),
          config.refreshTokenLifetime()));
    }
    if ("refresh_token".equals(grantType)) {
      if (blank(form.get("refresh_token"))) {
        throw TikTokOAuthException.invalidRequest("refresh_token is required");
      }
      var refresh = store.refreshToken(form.get("refresh_token"))
          .filter(t -> t.clientKey().equals(clientKey) && Instant.now().isBefore(t.expiresAt()))
          .orElseThrow(() -> TikTokOAuthException.invalidGrant("Refresh token is invalid or expired."));
      if (!refresh.used().compareAndSet(false, true)) {
        throw TikTokOAuthException.invalidGrant("Refresh token is invalid or expired.");
      }
      return tokenAnswer(store.issueTokens(clientKey, refresh.openId(), refresh.scopes(), config.accessTokenLifetime(),
          config.refreshTokenLifetime()));
    }
    throw new TikTokOAuthException(400, "unsupported_grant_type",
        "grant_type must be authorization_code or refresh_token");
  }

  /** {@code POST /v2/oauth/revoke/}: the user's authorization of the app ends; every token of theirs stops working. */
  public Response revoke(Map<String, String> form) {
    checkClient(form);
    if (blank(form.get("token"))) {
      throw TikTokOAuthException.invalidRequest("token is required");
    }
    store.validAccessToken(form.get("token")).ifPresent(token -> {
      store.accessTokensOf(token.openId()).forEach(store::invalidateAccessToken);
      store.refreshTokensOf(token.openId()).forEach(store::invalidateRefreshToken);
    });
    return Response.ok(Map.of()).build();
  }

  private String checkClient(Map<String, String> form) {
    String clientKey = form.get("client_key");
    String secret = form.get("client_secret");
    if (blank(clientKey) || blank(secret) || config.clientKey().map(k -> !k.equals(clientKey)).orElse(false)
        || config.clientSecret().map(s -> !s.equals(secret)).orElse(false)) {
      throw TikTokOAuthException.invalidClient("Client key or secret is incorrect.");
    }
    return clientKey;
  }

  private static Response tokenAnswer(TikTokStore.TokenPair pair) {
    return Response.ok(tokenBody(pair)).build();
  }

  /** The token endpoint's success body. */
  public static Map<String, Object> tokenBody(TikTokStore.TokenPair pair) {
    long now = Instant.now().getEpochSecond();
    var body = new LinkedHashMap<String, Object>();
    body.put("access_token", pair.access().value());
    body.put("expires_in", pair.access().expiresAt().getEpochSecond() - now);
    body.put("open_id", pair.access().openId());
    body.put("refresh_expires_in", pair.refresh().expiresAt().getEpochSecond() - now);
    body.put("refresh_token", pair.refresh().value());
    body.put("scope", String.join(",", pair.access().scopes()));
    body.put("token_type", "Bearer");
    return body;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
