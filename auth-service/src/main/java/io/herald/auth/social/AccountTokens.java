package io.herald.auth.social;

import io.herald.auth.config.AuthConfig;
import io.herald.common.crypto.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/** Reads and writes an account's encrypted tokens, and works out when a TikTok token is due for refresh. */
@ApplicationScoped
public class AccountTokens {
  private final SecretCipher cipher;
  private final double refreshAtRemaining;

  AccountTokens(SecretCipher cipher, AuthConfig.Tiktok config) {
    this.cipher = cipher;
    this.refreshAtRemaining = config.refreshAtRemainingFraction();
  }

  public String accessToken(SocialAccount account) {
    return cipher.decrypt(account.accessToken, account.accessTokenContext());
  }

  public String refreshToken(SocialAccount account) {
    return cipher.decrypt(account.refreshToken, account.refreshTokenContext());
  }

  /** Stores a Facebook Page token (no expiry, no refresh token). */
  public void storePageToken(SocialAccount account, String pageToken, Instant now) {
    account.accessToken = cipher.encrypt(pageToken, account.accessTokenContext());
    account.tokenVersion++;
    account.accessIssuedAt = now;
    account.accessExpiresAt = null;
    account.refreshDueAt = null;
  }

  /** Stores a TikTok pair; a missing refresh token in the answer keeps the stored one (never wiped with null). */
  public void storePair(SocialAccount account, TikTokClient.TokenPair pair, Instant now) {
    account.accessToken = cipher.encrypt(pair.accessToken(), account.accessTokenContext());
    account.tokenVersion++;
    account.accessIssuedAt = now;
    account.accessExpiresAt = now.plus(pair.accessLifetime());
    long refreshAfterMillis = (long) (pair.accessLifetime().toMillis() * (1 - refreshAtRemaining));
    account.refreshDueAt = now.plus(Duration.ofMillis(refreshAfterMillis));
    if (pair.refreshToken() != null) {
      account.refreshToken = cipher.encrypt(pair.refreshToken(), account.refreshTokenContext());
      account.refreshExpiresAt = pair.refreshLifetime() == null ? null : now.plus(pair.refreshLifetime());
    }
    if (pair.scope() != null) {
      account.scopes = pair.scope();
    }
  }

  public void drop(SocialAccount account) {
    account.tokenVersion++;
    account.accessToken = null;
    account.refreshToken = null;
    account.accessExpiresAt = null;
    account.refreshExpiresAt = null;
    account.refreshDueAt = null;
  }
}
