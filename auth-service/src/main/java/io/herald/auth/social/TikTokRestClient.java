package io.herald.auth.social;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.ClientFormParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * TikTok's OAuth v2 (docs/platforms.md, "2.1 Connecting an account"): the two token grants and revocation, form
 * encoded. Error answers become {@link PlatformException}s in {@link TikTokErrors}; origin and timeouts are
 * configured as {@code quarkus.rest-client.tiktok-api.*}.
 */
@Path("/v2")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.APPLICATION_JSON)
@RegisterRestClient(configKey = "tiktok-api")
@RegisterProvider(TikTokErrors.class)
interface TikTokRestClient {

  /**
   * A token answer {@code {"access_token","expires_in","open_id","refresh_expires_in","refresh_token","scope",
   * "token_type"}}, some wrapped in {@code data}. An OAuth error is {@code {"error":"<code>","error_description"}},
   * sometimes with HTTP 200; the Content API's envelope has {@code "error":{"code","message"}} instead.
   */
  record TokenAnswer(@JsonProperty("open_id") String openId, @JsonProperty("access_token") String accessToken,
      @JsonProperty("expires_in") Long expiresIn, @JsonProperty("refresh_token") String refreshToken,
      @JsonProperty("refresh_expires_in") Long refreshExpiresIn, String scope, JsonNode error,
      @JsonProperty("error_description") String errorDescription, TokenAnswer data) {}

  @POST
  @Path("/oauth/token/")
  @ClientFormParam(name = "grant_type", value = "authorization_code")
  TokenAnswer exchangeCode(@FormParam("client_key") String clientKey, @FormParam("client_secret") String clientSecret,
      @FormParam("code") String code, @FormParam("redirect_uri") String redirectUri,
      @FormParam("code_verifier") String codeVerifier);

  @POST
  @Path("/oauth/token/")
  @ClientFormParam(name = "grant_type", value = "refresh_token")
  TokenAnswer refresh(@FormParam("client_key") String clientKey, @FormParam("client_secret") String clientSecret,
      @FormParam("refresh_token") String refreshToken);

  /** Answers {@code {}}, or an OAuth error. */
  @POST
  @Path("/oauth/revoke/")
  TokenAnswer revoke(@FormParam("client_key") String clientKey, @FormParam("client_secret") String clientSecret,
      @FormParam("token") String token);

  /** {@code {"data":{"user":{"open_id","union_id","avatar_url","display_name"}},"error":{"code":"ok"}}}. */
  record UserInfoAnswer(UserInfoData data, JsonNode error) {}

  record UserInfoData(UserInfo user) {}

  record UserInfo(@JsonProperty("open_id") String openId, @JsonProperty("display_name") String displayName,
      @JsonProperty("avatar_url") String avatarUrl) {}

  /**
   * {@code POST /v2/post/publish/creator_info/query/} (scope {@code video.publish}, 20 per minute per token), empty
   * JSON body: {@code {"data":{"creator_avatar_url","creator_username","creator_nickname","privacy_level_options",
   * "comment_disabled","duet_disabled","stitch_disabled","max_video_post_duration_sec"},"error":{"code",...}}}. Caps
   * such as {@code spam_risk_too_many_posts} come with HTTP 200.
   */
  @POST
  @Path("/post/publish/creator_info/query/")
  @Consumes(MediaType.APPLICATION_JSON)
  CreatorInfoAnswer creatorInfo(@HeaderParam("Authorization") String bearer, Map<String, Object> empty);

  record CreatorInfoAnswer(CreatorInfo data, JsonNode error) {}

  record CreatorInfo(@JsonProperty("creator_avatar_url") String avatarUrl,
      @JsonProperty("creator_username") String username, @JsonProperty("creator_nickname") String nickname,
      @JsonProperty("privacy_level_options") List<String> privacyLevelOptions,
      @JsonProperty("comment_disabled") boolean commentDisabled, @JsonProperty("duet_disabled") boolean duetDisabled,
      @JsonProperty("stitch_disabled") boolean stitchDisabled,
      @JsonProperty("max_video_post_duration_sec") Integer maxVideoPostDurationSec) {}

  /** The creator's public profile (scope {@code user.info.basic}): the account's name and avatar in Herald. */
  @GET
  @Path("/user/info/")
  UserInfoAnswer userInfo(@HeaderParam("Authorization") String bearer, @QueryParam("fields") String fields);
}
