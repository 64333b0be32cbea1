package io.herald.auth.jwt;

import io.herald.auth.config.AuthConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;

/**
 * The public keys and the discovery document (OpenID Connect Discovery 1.0, RFC 8414) other services and standard
 * OAuth/OpenID clients read. A standard client fetches {@code {issuer}/.well-known/openid-configuration} and
 * requires the document's {@code issuer} to be that URL: set {@code herald.jwt.issuer} to {@code herald.public-url}.
 */
@SecurityRequirements
@Path("/.well-known")
@Produces(MediaType.APPLICATION_JSON)
public class WellKnownResource {
  private final SigningKeys keys;
  private final AuthConfig config;
  private final AuthConfig.Jwt jwt;

  WellKnownResource(SigningKeys keys, AuthConfig config, AuthConfig.Jwt jwt) {
    this.keys = keys;
    this.config = config;
    this.jwt = jwt;
  }

  @GET
  @Path("/jwks.json")
  public Response getJwks() {
    return Response.ok(keys.jwks()).header("Cache-Control", "public, max-age=300").build();
  }

  @GET
  @Path("/openid-configuration")
  public Response getOpenIdConfiguration() {
    return Response.ok(document()).header("Cache-Control", "public, max-age=300").build();
  }

  /** The same metadata under RFC 8414's name. */
  @GET
  @Path("/oauth-authorization-server")
  public Response getAuthorizationServerMetadata() {
    return getOpenIdConfiguration();
  }

  private Map<String, Object> document() {
    String base = config.publicUrl().replaceAll("/+$", "");
    var document = new LinkedHashMap<String, Object>();
    document.put("issuer", jwt.issuer());
    document.put("jwks_uri", base + "/.well-known/jwks.json");
    document.put("token_endpoint", base + "/oauth2/token");
    document.put("revocation_endpoint", base + "/oauth2/revoke");
    document.put("grant_types_supported", List.of("refresh_token", "client_credentials"));
    document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
    document.put("revocation_endpoint_auth_methods_supported", List.of("none"));
    // Herald has no authorization endpoint (users sign in at /api/v1/auth/login) and issues no ID tokens.
    document.put("response_types_supported", List.of());
    document.put("subject_types_supported", List.of("public"));
    document.put("id_token_signing_alg_values_supported", List.of("RS256"));
    document.put("claims_supported",
        List.of("iss", "sub", "aud", "exp", "iat", "jti", "client_id", "tid", "groups"));
    return document;
  }
}
