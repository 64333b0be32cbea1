package io.herald.auth.token;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

  public Optional<RefreshToken> lockByHash(String hash) {
    return find("tokenHash", hash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
  }

  public int revokeFamily(UUID familyId, Instant at) {
    return update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", at, familyId);
  }

  public int revokeAllOfUser(UUID userId, Instant at) {
    return update("revokedAt = ?1 where userId = ?2 and revokedAt is null", at, userId);
  }
}
