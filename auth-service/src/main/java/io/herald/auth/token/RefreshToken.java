package io.herald.auth.token;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One refresh token of a login session (its family); only its SHA-256 hash is stored. */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken {
  @Id
  public UUID id;
  public UUID familyId;
  public UUID tenantId;
  public UUID userId;
  public String tokenHash;
  public Instant createdAt;
  public Instant expiresAt;
  public Instant rotatedAt;
  public Instant revokedAt;
}
