package io.herald.publisher.tiktok;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.publish.SideEffect;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * TikTok's Content Posting API ({@code docs/platforms.md} §2.2 "Content Posting"), on {@code herald.tiktok.api-url}.
 * Every answer is the envelope {@link Answer}; error answers are classified by {@link TikTokErrors}.
 */
@RegisterRestClient(configKey = "tiktok")
@Path("/v2/post/publish")
@Produces(MediaType.APPLICATION_JSON)
@Consumes("application/json; charset=UTF-8")
interface TikTokRestClient {

  @POST
  @Path("/creator_info/query/")
  Answer<CreatorInfo> creatorInfo(@HeaderParam("Authorization") String bearer, NoParameters none);

  @POST
  @Path("/video/init/")
  @SideEffect
  Answer<Initiated> videoInit(@HeaderParam("Authorization") String bearer, VideoInit init);

  @POST
  @Path("/inbox/video/init/")
  @SideEffect
  Answer<Initiated> inboxVideoInit(@HeaderParam("Authorization") String bearer, VideoInit init);

  @POST
  @Path("/content/init/")
  @SideEffect
  Answer<Initiated> contentInit(@HeaderParam("Authorization") String bearer, PhotoInit init);

  @POST
  @Path("/status/fetch/")
  Answer<PublishStatus> statusFetch(@HeaderParam("Authorization") String bearer, StatusQuery query);

  @ClientExceptionMapper
  static PlatformFailure failure(Response response, Method operation) {
    return PlatformFailure.answered(response, operation, TikTokErrors::classify);
  }

  /** TikTok's envelope: {@code error.code} other than {@code ok} is a failure, also with HTTP 200. */
  record Answer<T>(T data, Error error) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Error(String code, String message, String logId) {}

  /** The empty body ({@code {}}) of a call without parameters. */
  record NoParameters() {}

  /**
   * What the pre-flight reads of creator_info: the username (for the post's URL), the privacy levels the creator
   * offers, the interactions the creator turned off in TikTok ({@code comment_disabled}, {@code duet_disabled},
   * {@code stitch_disabled}; absent reads as not turned off) and the longest video the creator may post.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record CreatorInfo(String creatorUsername, List<String> privacyLevelOptions, Boolean commentDisabled,
      Boolean duetDisabled, Boolean stitchDisabled, Integer maxVideoPostDurationSec) {

    static final CreatorInfo NONE = new CreatorInfo(null, null, null, null, null, null);
  }

  /** A video: {@code post_info} for a direct post, none for an inbox draft. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record VideoInit(VideoPostInfo postInfo, VideoSource sourceInfo) {}

  /** {@code video_cover_timestamp_ms} (the cover frame) only when the user chose one. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record VideoPostInfo(String title, String privacyLevel, boolean disableDuet, boolean disableComment,
      boolean disableStitch, Long videoCoverTimestampMs, boolean brandContentToggle, boolean brandOrganicToggle,
      boolean isAigc) {}

  /** PULL_FROM_URL ({@code video_url}) or FILE_UPLOAD (size, chunk size, chunk count). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record VideoSource(String source, String videoUrl, Long videoSize, Long chunkSize, Integer totalChunkCount) {
    static VideoSource pull(String url) {
      return new VideoSource("PULL_FROM_URL", url, null, null, null);
    }

    static VideoSource upload(ChunkPlan plan) {
      return new VideoSource("FILE_UPLOAD", null, plan.videoSize(), plan.chunkSize(), plan.chunkCount());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PhotoInit(String mediaType, String postMode, PhotoPostInfo postInfo, PhotoSource sourceInfo) {}

  /** {@code privacy_level} only for a direct post. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PhotoPostInfo(String title, String description, String privacyLevel, boolean disableComment,
      boolean autoAddMusic) {}

  /** {@code photo_cover_index}: the index (from 0) of the photo used as the cover. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PhotoSource(String source, int photoCoverIndex, List<String> photoImages) {}

  /** What an init answers: the publish_id, and for FILE_UPLOAD the upload_url. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Initiated(String publishId, String uploadUrl) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record StatusQuery(String publishId) {}

  /** {@code publicaly_available_post_id} is TikTok's spelling. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PublishStatus(String status, String failReason, List<String> publicalyAvailablePostId) {}
}
