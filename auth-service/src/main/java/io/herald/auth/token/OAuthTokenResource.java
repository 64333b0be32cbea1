package io.herald.auth.token;

import io.herald.auth.auth.AuthMetrics;
import io.herald.auth.client.ApiClientService;
import io.herald.auth.client.ServiceClient;
import io.herald.auth.jwt.AccessTokens;
import io.herald.common.http.FormBody;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;

/** RFC 6749 token endpoint ({@code refresh_token}, {@code client_credentials}) and RFC 7009 revocation. */
@SecurityRequirements
@Path("/oauth2")
@PermitAll
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.APPLICATION_JSON)
public class OAuthTokenResource {
  /** Longer than any client id, secret or refresh token Herald issues. */
  static final int MAX_PARAMETER_LENGTH = 512;
  private final RefreshTokenService sessions;
  private final ApiClientService apiClients;
  private final ServiceClient serviceClient;
  private final AccessTokens accessTokens;
  private final AuthMetrics metrics;

  OAuthTokenResource(RefreshTokenService sessions, ApiClientService apiClients, ServiceClient serviceClient,
      AccessTokens accessTokens, AuthMetrics metrics) {
    this.sessions = sessions;
    this.apiClients = apiClients;
    this.serviceClient = serviceClient;
    this.accessTokens = accessTokens;
    this.metrics = metrics;
  }

  @POST
  @Path("/token")
  @APIResponse(responseCode = "200", description = "The tokens (RFC 6749 section 5.1)")
  @APIResponse(responseCode = "400", description = "invalid_request, invalid_grant, unsupported_grant_type")
  @APIResponse(responseCode = "401", description = "invalid_client: the client's credentials are wrong")
  public Response issueToken(String body, @HeaderParam("Authorization") String authorization) {
    var form = form(body);
    String grant = single(form, "grant_type");
    if (grant == null) {
      throw OAuthError.invalidRequest("grant_type is required");
    }
    TokenResponse tokens = switch (grant) {
      case "refresh_token" -> refresh(form);
      case "client_credentials" -> clientCredentials(form, authorization);
      default -> {
        metrics.tokenGrant("unsupported", "refused");
        throw new OAuthError(400, "unsupported_grant_type", "Supported grants: refresh_token, client_credentials",
            false);
      }
    };
    return Response.ok(tokens).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
  }

  @POST
  @Path("/revoke")
  @APIResponse(responseCode = "200", description = "Revoked, or unknown (RFC 7009)")
  @APIResponse(responseCode = "400", description = "invalid_request: no token")
  public Response revokeToken(String body) {
    var form = form(body);
    String token = single(form, "token");
    if (token == null) {
      throw OAuthError.invalidRequest("token is required");
    }
    sessions.revoke(token);
    return Response.ok().header("Cache-Control", "no-store").build();
  }

  private TokenResponse refresh(MultivaluedMap<String, String> form) {
    String token = single(form, "refresh_token");
    if (token == null) {
      throw OAuthError.invalidRequest("refresh_token is required");
    }
    var rotation = sessions.rotate(token);
    if (rotation.tokens() == null) {
      metrics.tokenGrant("refresh_token", "refused");
      throw OAuthError.invalidGrant(rotation.refusal());
    }
    metrics.tokenGrant("refresh_token", "issued");
    return rotation.tokens();
  }

  private TokenResponse clientCredentials(MultivaluedMap<String, String> form, String authorization) {
    boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    String id;
    String secret;
    if (basic) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw OAuthError.invalidClient(true);
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw OAuthError.invalidClient(true);
      }
      // RFC 6749 §2.3.1: id and secret are form-urlencoded before being put in the Basic header.
      try {
        id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw OAuthError.invalidClient(true);
      }
      if (id.length() > MAX_PARAMETER_LENGTH || secret.length() > MAX_PARAMETER_LENGTH
          || (id + secret).chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw OAuthError.invalidClient(true);
      }
    } else {
      id = single(form, "client_id");
      secret = single(form, "client_secret");
    }
    if (id == null || secret == null) {
      metrics.tokenGrant("client_credentials", "refused");
      throw OAuthError.invalidClient(basic);
    }
    if (serviceClient.authenticates(id, secret)) {
      metrics.tokenGrant("client_credentials", "issued");
      return TokenResponse.bearer(accessTokens.issueForService(id), accessTokens.lifetime().toSeconds(), null);
    }
    var client = apiClients.authenticate(id, secret);
    if (client.isEmpty()) {
      metrics.tokenGrant("client_credentials", "refused");
      throw OAuthError.invalidClient(basic);
    }
    metrics.tokenGrant("client_credentials", "issued");
    var c = client.get();
    return TokenResponse.bearer(accessTokens.issueForClient(c.id.toString(), c.clientId, c.tenantId, c.roleSet()),
        accessTokens.lifetime().toSeconds(), null);
  }

  private static MultivaluedMap<String, String> form(String body) {
    return FormBody.parse(body).orElseThrow(() -> OAuthError.invalidRequest("The form body is not URL-encoded"));
  }

  private static String single(MultivaluedMap<String, String> form, String name) {
    if (form == null) {
      return null;
    }
    var values = form.get(name);
    if (values == null || values.isEmpty() || values.getFirst() == null || values.getFirst().isBlank()) {
      return null;
    }
    if (values.size() > 1) {
      throw OAuthError.invalidRequest(name + " must be given once");
    }
    String value = values.getFirst();
    if (value.length() > MAX_PARAMETER_LENGTH || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw OAuthError.invalidRequest(name + " is too long or holds control characters");
    }
    return value;
  }
}
