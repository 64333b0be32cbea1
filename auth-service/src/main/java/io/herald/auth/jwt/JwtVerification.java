package io.herald.auth.jwt;

import io.herald.auth.config.AuthConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import java.util.Set;

/**
 * auth-service verifies bearer tokens against its own JWKS held in memory (other services fetch the same JWKS over
 * HTTP): RS256 only, the configured issuer, audience {@code herald-auth}, signature by a published key, not expired.
 */
@ApplicationScoped
public class JwtVerification {

  @Produces
  @Alternative
  @Priority(1)
  @ApplicationScoped
  JWTAuthContextInfo contextInfo(SigningKeys keys, AuthConfig.Jwt config) {
    var info = new JWTAuthContextInfo();
    info.setPublicKeyContent(keys.jwks());
    info.setIssuedBy(config.issuer());
    info.setExpectedAudience(Set.of(AuthConfig.Jwt.OWN_AUDIENCE));
    info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
    info.setRequiredClaims(Set.of("exp", "iat", "sub"));
    return info;
  }
}
