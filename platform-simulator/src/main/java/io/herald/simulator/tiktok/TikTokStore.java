package io.herald.simulator.tiktok;

import io.herald.simulator.core.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The simulated TikTok: creators, codes, tokens, publishes and uploads. Thread-safe, in memory. */
@ApplicationScoped
public class TikTokStore {
  private final AtomicLong publishSequence = new AtomicLong(Ids.runStart(1_000_000));
  private final AtomicLong postIds = new AtomicLong(Ids.runStart(7_300_000_000_000_000_000L));

  private final Map<String, TikTokUser> users = new ConcurrentHashMap<>();
  private final Map<String, AuthCode> codes = new ConcurrentHashMap<>();
  private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
  private final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();
  private final Set<String> invalidAccessTokens = ConcurrentHashMap.newKeySet();
  private final Map<String, TikTokPublish> publishes = new ConcurrentHashMap<>();
  private final Map<String, TikTokPublish> uploads = new ConcurrentHashMap<>();
  private final Set<TikTokPublish> unfinished = ConcurrentHashMap.newKeySet();

  /** An authorization code, bound to its client, redirect URI and PKCE challenge; works once. */
  public record AuthCode(
      String code, String clientKey, String redirectUri, String openId, List<String> scopes, String codeChallenge,
      Instant expiresAt, AtomicBoolean used) {}

  /** An access token. */
  public record AccessToken(String value, String clientKey, String openId, List<String> scopes, Instant expiresAt) {}

  /** A refresh token; rotating, so it works once. */
  public record RefreshToken(
      String value, String clientKey, String openId, List<String> scopes, Instant expiresAt, AtomicBoolean used) {}

  /** A token pair as the token endpoint answers it. */
  public record TokenPair(AccessToken access, RefreshToken refresh) {}

  public TikTokUser createUser(String nickname, String username, List<String> privacyOptions, boolean commentDisabled,
      boolean duetDisabled, boolean stitchDisabled, int maxDurationSec, String postingBlock) {
    var user = new TikTokUser("-000" + UUID.randomUUID(), username, nickname, List.copyOf(privacyOptions),
        commentDisabled, duetDisabled, stitchDisabled, maxDurationSec, postingBlock);
    users.put(user.openId(), user);
    return user;
  }

  public Optional<TikTokUser> user(String openId) {
    return Optional.ofNullable(users.get(openId));
  }

  public AuthCode issueCode(String clientKey, String redirectUri, String openId, List<String> scopes,
      String challenge) {
    var code = new AuthCode(Ids.alphanumeric(64), clientKey, redirectUri, openId, List.copyOf(scopes), challenge,
        Instant.now().plusSeconds(600), new AtomicBoolean());
    codes.put(code.code(), code);
    return code;
  }

  public Optional<AuthCode> code(String value) {
    return value == null ? Optional.empty() : Optional.ofNullable(codes.get(value));
  }

  public TokenPair issueTokens(String clientKey, String openId, List<String> scopes, Duration accessLifetime,
      Duration refreshLifetime) {
    var now = Instant.now();
    var access = new AccessToken("act." + Ids.alphanumeric(60), clientKey, openId, List.copyOf(scopes),
        now.plus(accessLifetime));
    var refresh = new RefreshToken("rft." + Ids.alphanumeric(60), clientKey, openId, List.copyOf(scopes),
        now.plus(refreshLifetime), new AtomicBoolean());
    accessTokens.put(access.value(), access);
    refreshTokens.put(refresh.value(), refresh);
    return new TokenPair(access, refresh);
  }

  /** A valid (known, unexpired, not invalidated) access token. */
  public Optional<AccessToken> validAccessToken(String value) {
    if (value == null || invalidAccessTokens.contains(value)) {
      return Optional.empty();
    }
    return Optional.ofNullable(accessTokens.get(value)).filter(t -> Instant.now().isBefore(t.expiresAt()));
  }

  public Optional<RefreshToken> refreshToken(String value) {
    return value == null ? Optional.empty() : Optional.ofNullable(refreshTokens.get(value));
  }

  /** Makes an access token invalid; answers whether it existed. */
  public boolean invalidateAccessToken(String value) {
    if (!accessTokens.containsKey(value)) {
      return false;
    }
    invalidAccessTokens.add(value);
    return true;
  }

  /** Makes a refresh token unusable; answers whether it existed. */
  public boolean invalidateRefreshToken(String value) {
    var token = refreshTokens.get(value);
    if (token == null) {
      return false;
    }
    token.used().set(true);
    return true;
  }

  /** The access and refresh token values of a user. */
  public List<String> accessTokensOf(String openId) {
    return accessTokens.values().stream().filter(t -> t.openId().equals(openId)).map(AccessToken::value).toList();
  }

  public List<String> refreshTokensOf(String openId) {
    return refreshTokens.values().stream().filter(t -> t.openId().equals(openId)).map(RefreshToken::value).toList();
  }

  /** A new publish id in TikTok's style ({@code v_pub_url~v2.123}, {@code v_pub_file~v2-1.123}, ...). */
  public String nextPublishId(String prefix) {
    return prefix + publishSequence.incrementAndGet();
  }

  public long nextPostId() {
    return postIds.incrementAndGet();
  }

  public void save(TikTokPublish publish) {
    publishes.put(publish.publishId(), publish);
    unfinished.add(publish);
    if (publish.upload() != null) {
      uploads.put(publish.upload().uploadId(), publish);
    }
  }

  public Optional<TikTokPublish> publish(String publishId) {
    return publishId == null ? Optional.empty() : Optional.ofNullable(publishes.get(publishId));
  }

  /** Publishes whose final status has not been announced yet. */
  public List<TikTokPublish> unfinished() {
    return List.copyOf(unfinished);
  }

  public void finished(TikTokPublish publish) {
    unfinished.remove(publish);
  }

  public Optional<TikTokPublish> upload(String uploadId) {
    return uploadId == null ? Optional.empty() : Optional.ofNullable(uploads.get(uploadId));
  }

  public void reset() {
    users.clear();
    codes.clear();
    accessTokens.clear();
    refreshTokens.clear();
    invalidAccessTokens.clear();
    publishes.clear();
    uploads.clear();
    unfinished.clear();
  }
}
