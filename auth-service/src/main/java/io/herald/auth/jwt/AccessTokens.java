package io.herald.auth.jwt;

import io.herald.auth.config.AuthConfig;
import io.herald.common.security.TenantContext;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Signs Herald access tokens: RS256, {@code kid}, issuer, {@code sub}, {@code tid}, {@code groups}. */
@ApplicationScoped
public class AccessTokens {
  private final SigningKeys keys;
  private final AuthConfig.Jwt config;

  AccessTokens(SigningKeys keys, AuthConfig.Jwt config) {
    this.keys = keys;
    this.config = config;
  }

  /** A token for a tenant's user or API client. */
  public String issue(String subject, UUID tenantId, Set<String> groups) {
    return sign(subject, tenantId, groups);
  }

  /** A token for Herald's own services: {@code groups=[service]}, no tenant. */
  public String issueForService(String subject) {
    return sign(subject, null, Set.of(io.herald.common.security.Roles.SERVICE));
  }

  public Duration lifetime() {
    return config.accessTokenLifetime();
  }

  private String sign(String subject, UUID tenantId, Set<String> groups) {
    Instant now = Instant.now();
    var builder = Jwt.issuer(config.issuer()).subject(subject).groups(groups)
        .issuedAt(now).expiresAt(now.plus(config.accessTokenLifetime()))
        .claim("jti", UUID.randomUUID().toString()).claim("typ", "access");
    if (tenantId != null) {
      builder.claim(TenantContext.TENANT_CLAIM, tenantId.toString());
    }
    return builder.jws().keyId(keys.keyId()).algorithm(SignatureAlgorithm.RS256).sign(keys.privateKey());
  }
}
