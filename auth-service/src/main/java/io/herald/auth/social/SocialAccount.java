package io.herald.auth.social;

import io.herald.common.stream.Platform;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A connected Facebook Page or TikTok account. The token columns hold AES-GCM ciphertexts (see
 * {@link io.herald.common.crypto.SecretCipher}); they are never mapped into a response type.
 */
@Entity
@Table(name = "social_accounts")
public class SocialAccount {
  public enum Status { ACTIVE, NEEDS_REAUTH, DISCONNECTED }

  @Id
  public UUID id;
  public UUID tenantId;
  @Enumerated(EnumType.STRING)
  public Platform platform;
  public String externalId;
  /** The Page's name; for TikTok the creator's display name (its open_id until TikTok tells it). */
  public String name;
  /** TikTok: the creator's avatar (https), from user info. */
  public String avatarUrl;
  @Enumerated(EnumType.STRING)
  public Status status;
  public String statusReason;
  /** Encrypted. */
  public String accessToken;
  /** Encrypted; TikTok only. */
  public String refreshToken;
  public Instant accessIssuedAt;
  /** Null for Facebook Page tokens, which carry no expiry. */
  public Instant accessExpiresAt;
  public Instant refreshExpiresAt;
  /** When the refresh job should renew the access token (TikTok: with 20 % of its life left). */
  public Instant refreshDueAt;
  public String scopes;
  public String connectedBy;
  public Instant connectedAt;
  public Instant updatedAt;
  /** Bumped whenever the token pair changes: storing a refreshed pair is a compare-and-set on it. */
  public long tokenVersion;
  /** The refresh under way (TikTok), so that refreshes of one account never overlap; no lock is held meanwhile. */
  public UUID refreshLeaseOwner;
  public Instant refreshLeaseUntil;
  /**
   * TikTok: the https URL prefixes (or domains, as {@code https://cdn.example.com/}) the tenant verified for
   * Herald's app in TikTok's developer portal; TikTok pulls photos only from those. Empty: not stated.
   */
  @JdbcTypeCode(SqlTypes.JSON)
  public List<String> verifiedUrlPrefixes = new ArrayList<>();
  /** Facebook: when the Page token is next inspected ({@code debug_token}); each account keeps its time of day. */
  public Instant healthDueAt;
  /** Facebook: when the Page token was last found valid with every required permission. */
  public Instant healthCheckedAt;

  /** Where each token is stored, bound into its ciphertext. */
  String accessTokenContext() {
    return "social_account:" + id + ":access_token";
  }

  String refreshTokenContext() {
    return "social_account:" + id + ":refresh_token";
  }
}
