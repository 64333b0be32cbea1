package io.herald.publisher.tiktok;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.credentials.CredentialsClient;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.publish.PlatformResponse;
import io.herald.publisher.publish.PlatformServerError;
import io.herald.publisher.publish.Published;
import io.herald.publisher.publish.Transport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.function.BiFunction;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * TikTok API calls with the account's token. When TikTok says {@code access_token_invalid}, the token is refreshed
 * once through auth-service and the call replayed (a refused call created nothing); a second refusal is an auth
 * failure, and {@code invalid_grant} on refresh surfaces as {@link io.herald.publisher.credentials.NeedsReauthException}.
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

  public enum Init {
    VIDEO,
    INBOX_VIDEO,
    CONTENT
  }

  /** What init answered: the publish_id, and for FILE_UPLOAD the upload_url. */
  public record Initiated(String publishId, String uploadUrl) {}

  private final TikTokClient client;
  private final CredentialsClient credentials;

  TikTokPublisher(TikTokClient client, CredentialsClient credentials) {
    this.client = client;
    this.credentials = credentials;
  }

  public JsonNode creatorInfo(Token token) {
    return call(token, (api, bearer) -> api.creatorInfo(bearer, Map.of()), false).json().path("data");
  }

  public Initiated init(Token token, Init kind, Map<String, Object> body) {
    JsonNode data = call(token, (api, bearer) -> switch (kind) {
      case VIDEO -> api.videoInit(bearer, body);
      case INBOX_VIDEO -> api.inboxVideoInit(bearer, body);
      case CONTENT -> api.contentInit(bearer, body);
    }, true).json().path("data");
    String publishId = data.path("publish_id").asText("");
    if (publishId.isEmpty()) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.UNKNOWN_OUTCOME, "tiktok:bad_answer",
          "TikTok accepted the init but returned no publish_id"));
    }
    String uploadUrl = data.path("upload_url").asText("");
    return new Initiated(publishId, uploadUrl.isEmpty() ? null : uploadUrl);
  }

  /** Where a TikTok post lives: its public post id once TikTok gives one, else the publish_id. */
  public static Published published(String publishId, String postId, String handle) {
    String url = postId != null && handle != null ? "https://www.tiktok.com/@" + handle + "/video/" + postId : null;
    return new Published(postId != null ? postId : publishId, url);
  }

  public JsonNode status(Token token, String publishId) {
    return call(token, (api, bearer) -> api.statusFetch(bearer, Map.of("publish_id", publishId)), false)
        .json().path("data");
  }

  private PlatformResponse call(Token token, BiFunction<TikTokRestClient, String, Response> request, boolean createCall) {
    PlatformResponse response = send(token, request, createCall);
    if (!TikTokErrors.isOk(response) && TikTokErrors.ACCESS_TOKEN_INVALID.equals(TikTokErrors.code(response))) {
      Credentials current = token.credentials();
      token.credentials = credentials.refresh(current.socialAccountId());
      response = send(token, request, createCall);
    }
    if (!TikTokErrors.isOk(response)) {
      throw new PlatformFailure(TikTokErrors.classify(response, createCall));
    }
    return response;
  }

  private PlatformResponse send(Token token, BiFunction<TikTokRestClient, String, Response> request, boolean createCall) {
    String bearer = token.credentials().bearer();
    try {
      return client.call(api -> request.apply(api, bearer));
    } catch (PlatformServerError e) {
      throw new PlatformFailure(TikTokErrors.classify(e.response(), createCall), e);
    } catch (TimeoutException e) {
      throw new PlatformFailure(PlatformError.of(createCall ? ErrorClass.UNKNOWN_OUTCOME : ErrorClass.TRANSIENT,
          "tiktok:timeout", "TikTok did not answer in time"), e);
    } catch (ProcessingException e) {
      boolean unknown = createCall && !Transport.neverConnected(e);
      throw new PlatformFailure(PlatformError.of(unknown ? ErrorClass.UNKNOWN_OUTCOME : ErrorClass.TRANSIENT,
          "tiktok:network", "TikTok could not be reached: " + e.getMessage()), e);
    }
  }
}
