package io.herald.auth.jwt;

import io.herald.auth.config.AuthConfig;
import io.herald.common.security.Roles;
import io.herald.common.security.TenantContext;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Signs Herald access tokens, shaped per RFC 9068 (JWT profile for OAuth 2.0 access tokens): header
 * {@code typ: at+jwt}, RS256 and {@code kid}; claims {@code iss}, {@code sub}, {@code aud} (the Herald resource
 * services, {@code herald.jwt.audiences}), {@code exp}, {@code iat}, {@code jti}, {@code client_id}, plus Herald's
 * {@code tid} (tenant) and {@code groups} (roles).
 */
@ApplicationScoped
public class AccessTokens {
  private final SigningKeys keys;
  private final AuthConfig.Jwt config;

  AccessTokens(SigningKeys keys, AuthConfig.Jwt config) {
    this.keys = keys;
    this.config = config;
  }

  /** A token of a password session (signup, login, invitation and their refreshes). */
  public String issue(String subject, UUID tenantId, Set<String> groups) {
    return sign(subject, config.sessionClientId(), tenantId, groups);
  }

  /** A token of a tenant's API client (client_credentials). */
  public String issueForClient(String subject, String clientId, UUID tenantId, Set<String> groups) {
    return sign(subject, clientId, tenantId, groups);
  }

  /** A token for Herald's own services: {@code groups=[service]}, no tenant. */
  public String issueForService(String clientId) {
    return sign(clientId, clientId, null, Set.of(Roles.SERVICE));
  }

  public Duration lifetime() {
    return config.accessTokenLifetime();
  }

  private String sign(String subject, String clientId, UUID tenantId, Set<String> groups) {
    Instant now = Instant.now();
    var builder = Jwt.issuer(config.issuer()).subject(subject).audience(new HashSet<>(config.audiences()))
        .groups(groups).issuedAt(now).expiresAt(now.plus(config.accessTokenLifetime()))
        .claim("jti", UUID.randomUUID().toString()).claim("client_id", clientId);
    if (tenantId != null) {
      builder.claim(TenantContext.TENANT_CLAIM, tenantId.toString());
    }
    return builder.jws().keyId(keys.keyId()).algorithm(SignatureAlgorithm.RS256).header("typ", "at+jwt")
        .sign(keys.privateKey());
  }
}
