package io.herald.auth.token;

import io.herald.auth.audit.AuditLog;
import io.herald.auth.audit.AuditType;
import io.herald.auth.config.AuthConfig;
import io.herald.auth.jwt.AccessTokens;
import io.herald.auth.user.User;
import io.herald.auth.user.UserRepository;
import io.herald.common.crypto.Secrets;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Login sessions: an access token plus an opaque refresh token. Every refresh rotates the refresh token; presenting
 * one that was already rotated (stolen and replayed, or replayed by the thief's victim) revokes the whole family.
 */
@ApplicationScoped
public class RefreshTokenService {
  private final RefreshTokenRepository tokens;
  private final UserRepository users;
  private final AccessTokens accessTokens;
  private final AuditLog audit;
  private final AuthConfig.Jwt config;

  RefreshTokenService(RefreshTokenRepository tokens, UserRepository users, AccessTokens accessTokens, AuditLog audit,
      AuthConfig.Jwt config) {
    this.tokens = tokens;
    this.users = users;
    this.accessTokens = accessTokens;
    this.audit = audit;
    this.config = config;
  }

  /** The outcome of presenting a refresh token: new tokens, or why not (the caller turns that into invalid_grant). */
  public record Rotation(TokenResponse tokens, String refusal) {}

  /** Starts a new session (family) for a user who just proved who they are. */
  @Transactional
  public TokenResponse startSession(User user) {
    return issue(user, UUID.randomUUID());
  }

  @Transactional
  public Rotation rotate(String presented) {
    var found = tokens.lockByHash(Secrets.sha256Hex(presented));
    if (found.isEmpty()) {
      return new Rotation(null, "The refresh token is unknown");
    }
    RefreshToken token = found.get();
    Instant now = Instant.now();
    if (token.revokedAt != null) {
      return new Rotation(null, "The refresh token was revoked");
    }
    if (token.rotatedAt != null) {
      int revoked = tokens.revokeFamily(token.familyId, now);
      Log.warnf("Refresh token of family %s was reused; revoked %d token(s) of the family", token.familyId, revoked);
      audit.record(AuditType.REFRESH_TOKEN_REUSED, token.tenantId, token.userId.toString(), "session " + token.familyId,
          "a rotated refresh token was presented again; the whole session was revoked");
      return new Rotation(null, "The refresh token was already used; the session has been revoked");
    }
    if (token.expiresAt.isBefore(now)) {
      return new Rotation(null, "The refresh token has expired");
    }
    var user = users.findInTenant(token.tenantId, token.userId).filter(u -> u.status == User.Status.ACTIVE);
    if (user.isEmpty()) {
      tokens.revokeFamily(token.familyId, now);
      return new Rotation(null, "The user no longer exists");
    }
    token.rotatedAt = now;
    return new Rotation(issue(user.get(), token.familyId), null);
  }

  /** RFC 7009: revokes the session the token belongs to; unknown tokens are silently accepted. */
  @Transactional
  public void revoke(String presented) {
    tokens.lockByHash(Secrets.sha256Hex(presented)).ifPresent(t -> tokens.revokeFamily(t.familyId, Instant.now()));
  }

  private TokenResponse issue(User user, UUID familyId) {
    String refresh = Secrets.randomToken(32);
    var row = new RefreshToken();
    row.id = UUID.randomUUID();
    row.familyId = familyId;
    row.tenantId = user.tenantId;
    row.userId = user.id;
    row.tokenHash = Secrets.sha256Hex(refresh);
    row.createdAt = Instant.now();
    row.expiresAt = row.createdAt.plus(config.refreshTokenLifetime());
    tokens.persist(row);
    String access = accessTokens.issue(user.id.toString(), user.tenantId, Set.of(user.role));
    return TokenResponse.bearer(access, accessTokens.lifetime().toSeconds(), refresh);
  }
}
