package io.herald.publisher.tiktok;

import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.credentials.CredentialsClient;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.publish.Published;
import io.herald.publisher.tiktok.TikTokRestClient.CreatorInfo;
import io.herald.publisher.tiktok.TikTokRestClient.Initiated;
import io.herald.publisher.tiktok.TikTokRestClient.PhotoInit;
import io.herald.publisher.tiktok.TikTokRestClient.PublishStatus;
import io.herald.publisher.tiktok.TikTokRestClient.VideoInit;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/**
 * TikTok API calls with the account's token. When TikTok says {@code access_token_invalid}, the token is refreshed
 * once through auth-service and the call replayed (a refused call created nothing); a second refusal is an auth
 * failure, and {@code invalid_grant} on refresh surfaces as
 * {@link io.herald.publisher.credentials.NeedsReauthException}.
 */
@ApplicationScoped
public class TikTokPublisher {
  /** The account's current token; replaced when it is refreshed mid-run. */
  public static final class Token {
    private Credentials credentials;

    public Token(Credentials credentials) {
      this.credentials = credentials;
    }

    public Credentials credentials() {
      return credentials;
    }
  }

  private final TikTokClient client;
  private final CredentialsClient credentials;

  TikTokPublisher(TikTokClient client, CredentialsClient credentials) {
    this.client = client;
    this.credentials = credentials;
  }

  public CreatorInfo creatorInfo(Token token) {
    CreatorInfo info = withToken(token, client::creatorInfo);
    return info == null ? CreatorInfo.NONE : info;
  }

  /** A video: a direct post, or ({@code inbox}) a draft in the creator's inbox. */
  public Initiated initVideo(Token token, VideoInit init, boolean inbox) {
    return initiated(withToken(token, bearer -> inbox ? client.initInboxVideo(bearer, init)
        : client.initVideo(bearer, init)));
  }

  public Initiated initPhotos(Token token, PhotoInit init) {
    return initiated(withToken(token, bearer -> client.initPhotos(bearer, init)));
  }

  public PublishStatus status(Token token, String publishId) {
    PublishStatus status = withToken(token, bearer -> client.status(bearer, publishId));
    return status == null ? new PublishStatus(null, null, null) : status;
  }

  /** Where a TikTok post lives: its public post id once TikTok gives one, else the publish_id. */
  public static Published published(String publishId, String postId, String handle) {
    String url = postId != null && handle != null ? "https://www.tiktok.com/@" + handle + "/video/" + postId : null;
    return new Published(postId != null ? postId : publishId, url);
  }

  private <T> T withToken(Token token, Function<String, T> call) {
    try {
      return call.apply(token.credentials().bearer());
    } catch (PlatformFailure f) {
      if (!TikTokErrors.isTokenRefused(f.error())) {
        throw f;
      }
      token.credentials = credentials.refresh(token.credentials().socialAccountId());
      return call.apply(token.credentials().bearer());
    }
  }

  private static Initiated initiated(Initiated initiated) {
    if (initiated == null || initiated.publishId() == null || initiated.publishId().isEmpty()) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.UNKNOWN_OUTCOME, "tiktok:bad_answer",
          "TikTok accepted the init but returned no publish_id"));
    }
    String uploadUrl = initiated.uploadUrl() == null || initiated.uploadUrl().isEmpty() ? null : initiated.uploadUrl();
    return new Initiated(initiated.publishId(), uploadUrl);
  }
}
