package io.herald.auth.jwt;

import io.herald.auth.config.AuthConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** The public keys and the discovery document other services (and OAuth clients) read. */
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
  public Response jwks() {
    return Response.ok(keys.jwks()).header("Cache-Control", "public, max-age=300").build();
  }

  @GET
  @Path("/openid-configuration")
  public Map<String, Object> discovery() {
    String base = config.publicUrl().replaceAll("/+$", "");
    return Map.of(
        "issuer", jwt.issuer(),
        "jwks_uri", base + "/.well-known/jwks.json",
        "token_endpoint", base + "/oauth2/token",
        "revocation_endpoint", base + "/oauth2/revoke",
        "grant_types_supported", List.of("refresh_token", "client_credentials"),
        "token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"),
        "id_token_signing_alg_values_supported", List.of("RS256"),
        "response_types_supported", List.of("token"),
        "subject_types_supported", List.of("public"),
        "claims_supported", List.of("sub", "tid", "groups", "iss", "exp", "iat", "jti"));
  }
}
