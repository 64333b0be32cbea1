package io.herald.simulator.tiktok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.simulator.config.SimulatorConfig;
import io.herald.simulator.core.Ids;
import io.herald.simulator.published.PublishedStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Content Posting API: creator_info, video/inbox/content init and status/fetch, with per-token rate limits. */
@ApplicationScoped
public class TikTokPublishService {
  static final long MIN_CHUNK = 5L * 1024 * 1024;
  static final long MAX_CHUNK = 64L * 1024 * 1024;
  static final long MAX_LAST_CHUNK = 128L * 1024 * 1024;
  static final long MAX_VIDEO = 4L * 1024 * 1024 * 1024;
  static final int MAX_CHUNKS = 1000;

  private final TikTokStore store;
  private final RateLimiter limiter;
  private final PublishedStore published;
  private final ObjectMapper json;
  private final SimulatorConfig config;

  TikTokPublishService(TikTokStore store, RateLimiter limiter, PublishedStore published, ObjectMapper json,
      SimulatorConfig config) {
    this.store = store;
    this.limiter = limiter;
    this.published = published;
    this.json = json;
    this.config = config;
  }

  /** {@code creator_info/query}: the creator's options; a posting block comes back with HTTP 200, as documented. */
  public Response creatorInfo(String authorization) {
    var token = authorize(authorization, "video.publish", "creator_info", config.tiktok().rateLimit().creatorInfo());
    TikTokUser user = store.user(token.openId()).orElseThrow(TikTokApiException::tokenInvalid);
    var data = new LinkedHashMap<String, Object>();
    data.put("creator_avatar_url", "https://p16-sign.tiktokcdn.com/simulated/" + user.username() + ".jpeg");
    data.put("creator_username", user.username());
    data.put("creator_nickname", user.nickname());
    data.put("privacy_level_options", user.privacyLevelOptions());
    data.put("comment_disabled", user.commentDisabled());
    data.put("duet_disabled", user.duetDisabled());
    data.put("stitch_disabled", user.stitchDisabled());
    data.put("max_video_post_duration_sec", user.maxVideoPostDurationSec());
    if (user.postingBlock() != null) {
      return Response.ok(TikTokEnvelope.of(data, user.postingBlock(), blockMessage(user.postingBlock()))).build();
    }
    return Response.ok(TikTokEnvelope.ok(data)).build();
  }

  /** {@code video/init} (Direct Post, scope video.publish) or {@code inbox/video/init} (draft, scope video.upload). */
  public Response videoInit(String authorization, String body, boolean inbox, Optional<String> failReason,
      String requestBaseUrl) {
    var token = authorize(authorization, inbox ? "video.upload" : "video.publish", inbox ? "inbox_init" : "video_init",
        config.tiktok().rateLimit().init());
    TikTokUser user = store.user(token.openId()).orElseThrow(TikTokApiException::tokenInvalid);
    JsonNode request = parse(body);
    checkNotBlocked(user);
    String title = null;
    String privacy = null;
    TikTokPublish.Settings settings = TikTokPublish.Settings.NONE;
    if (!inbox) {
      JsonNode postInfo = request.path("post_info");
      if (!postInfo.isObject()) {
        throw TikTokApiException.invalidParam("post_info is required");
      }
      title = postInfo.path("title").asText("");
      if (title.length() > 2200) {
        throw TikTokApiException.invalidParam("post_info.title must be at most 2200 UTF-16 runes");
      }
      privacy = checkPrivacy(user, postInfo.path("privacy_level").asText(null));
      Long cover = optionalLong(postInfo, "video_cover_timestamp_ms", "post_info.video_cover_timestamp_ms");
      if (cover != null && cover < 0) {
        throw TikTokApiException.invalidParam("post_info.video_cover_timestamp_ms must be a moment of the video "
            + "in milliseconds, 0 or more");
      }
      settings = new TikTokPublish.Settings(optionalBoolean(postInfo, "disable_comment"),
          optionalBoolean(postInfo, "disable_duet"), optionalBoolean(postInfo, "disable_stitch"), cover, null);
    }
    JsonNode source = request.path("source_info");
    String sourceType = source.path("source").asText("");
    var mediaUrls = new ArrayList<String>();
    TikTokPublish.UploadPlan plan = null;
    String prefix;
    switch (sourceType) {
      case "PULL_FROM_URL" -> {
        String url = source.path("video_url").asText(null);
        checkVerified(url, "source_info.video_url", requestBaseUrl);
        mediaUrls.add(url);
        prefix = inbox ? "v_inbox_url~v2." : "v_pub_url~v2.";
      }
      case "FILE_UPLOAD" -> {
        plan = uploadPlan(source);
        prefix = inbox ? "v_inbox_file~v2-1." : "v_pub_file~v2-1.";
      }
      default -> throw TikTokApiException.invalidParam("source_info.source must be PULL_FROM_URL or FILE_UPLOAD");
    }
    var publish = new TikTokPublish(store.nextPublishId(prefix), user.openId(), token.clientKey(),
        inbox ? TikTokPublish.Kind.INBOX_VIDEO : TikTokPublish.Kind.VIDEO, sourceType, title, null, privacy, mediaUrls,
        settings, plan, failReason.orElse(null), store.nextPostId(), config.tiktok().statusPollsToComplete(),
        config.tiktok().processingTime());
    store.save(publish);
    published.add(publish);
    var data = new LinkedHashMap<String, Object>();
    data.put("publish_id", publish.publishId());
    if (plan != null) {
      data.put("upload_url", config.publicUrl().replaceAll("/+$", "") + "/upload/video/?upload_id=" + plan.uploadId()
          + "&upload_token=" + plan.uploadToken());
    }
    return Response.ok(TikTokEnvelope.ok(data)).build();
  }

  /** {@code content/init}: photo posts (PULL_FROM_URL only), DIRECT_POST or MEDIA_UPLOAD. */
  public Response contentInit(String authorization, String body, Optional<String> failReason, String requestBaseUrl) {
    var token = authorizeAny(authorization, "content_init", config.tiktok().rateLimit().init());
    JsonNode request = parse(body);
    String mode = request.path("post_mode").asText("");
    if (!mode.equals("DIRECT_POST") && !mode.equals("MEDIA_UPLOAD")) {
      throw TikTokApiException.invalidParam("post_mode must be DIRECT_POST or MEDIA_UPLOAD");
    }
    boolean direct = mode.equals("DIRECT_POST");
    requireScope(token, direct ? "video.publish" : "video.upload");
    TikTokUser user = store.user(token.openId()).orElseThrow(TikTokApiException::tokenInvalid);
    checkNotBlocked(user);
    if (!"PHOTO".equals(request.path("media_type").asText())) {
      throw TikTokApiException.invalidParam("media_type must be PHOTO");
    }
    JsonNode postInfo = request.path("post_info");
    String title = postInfo.path("title").asText("");
    String description = postInfo.path("description").asText("");
    if (title.length() > 90) {
      throw TikTokApiException.invalidParam("post_info.title must be at most 90 UTF-16 runes");
    }
    if (description.length() > 4000) {
      throw TikTokApiException.invalidParam("post_info.description must be at most 4000 UTF-16 runes");
    }
    String privacy = direct ? checkPrivacy(user, postInfo.path("privacy_level").asText(null)) : null;
    JsonNode source = request.path("source_info");
    if (!"PULL_FROM_URL".equals(source.path("source").asText())) {
      throw TikTokApiException.invalidParam("source_info.source must be PULL_FROM_URL for photos");
    }
    JsonNode images = source.path("photo_images");
    if (!images.isArray() || images.isEmpty() || images.size() > 35) {
      throw TikTokApiException.invalidParam("source_info.photo_images must hold 1 to 35 URLs");
    }
    var urls = new ArrayList<String>();
    for (int i = 0; i < images.size(); i++) {
      String url = images.get(i).asText(null);
      checkVerified(url, "source_info.photo_images[" + i + "]", requestBaseUrl);
      urls.add(url);
    }
    Long cover = optionalLong(source, "photo_cover_index", "source_info.photo_cover_index");
    if (cover != null && (cover < 0 || cover >= urls.size())) {
      throw TikTokApiException.invalidParam("source_info.photo_cover_index must index photo_images: 0 to "
          + (urls.size() - 1));
    }
    var settings = new TikTokPublish.Settings(optionalBoolean(postInfo, "disable_comment"), null, null, null,
        cover == null ? 0 : cover.intValue());
    var publish = new TikTokPublish(store.nextPublishId("p_pub_url~v2."), user.openId(), token.clientKey(),
        direct ? TikTokPublish.Kind.PHOTO : TikTokPublish.Kind.PHOTO_DRAFT, "PULL_FROM_URL", title, description,
        privacy, urls, settings, null, failReason.orElse(null), store.nextPostId(),
        config.tiktok().statusPollsToComplete(), config.tiktok().processingTime());
    store.save(publish);
    published.add(publish);
    return Response.ok(TikTokEnvelope.ok(Map.of("publish_id", publish.publishId()))).build();
  }

  /** {@code status/fetch}: the publish's progress; each call counts as a poll. */
  public Response status(String authorization, String body) {
    var token = authorizeAny(authorization, "status", config.tiktok().rateLimit().status());
    var publish = ownedPublish(token, parse(body));
    TikTokPublish.Status status = publish.fetch();
    var data = new LinkedHashMap<String, Object>();
    data.put("status", status.status());
    if (status.failReason() != null) {
      data.put("fail_reason", status.failReason());
    }
    data.put("publicaly_available_post_id", status.publicPostIds());
    if (status.uploadedBytes() != null) {
      data.put("uploaded_bytes", status.uploadedBytes());
    }
    return Response.ok(TikTokEnvelope.ok(data)).build();
  }

  /** {@code cancel}: stops a publish still processing; a finished one is {@code publish_not_cancellable}. */
  public Response cancel(String authorization, String body) {
    var token = authorizeAny(authorization, "cancel", config.tiktok().rateLimit().init());
    var publish = ownedPublish(token, parse(body));
    if (!publish.cancel()) {
      throw new TikTokApiException(400, "publish_not_cancellable", "The publish has already finished.");
    }
    return Response.ok(TikTokEnvelope.ok(Map.of())).build();
  }

  /** {@code GET /v2/user/info/?fields=...}: the creator's basic profile (scope user.info.basic). */
  public Response userInfo(String authorization, String fields) {
    var token = validToken(authorization);
    requireScope(token, "user.info.basic");
    TikTokUser user = store.user(token.openId()).orElseThrow(TikTokApiException::tokenInvalid);
    if (fields == null || fields.isBlank()) {
      throw TikTokApiException.invalidParam("fields is required");
    }
    String avatar = "https://p16-sign.tiktokcdn.com/simulated/" + user.username() + ".jpeg";
    var data = new LinkedHashMap<String, Object>();
    for (String field : fields.split("\\s*,\\s*")) {
      switch (field) {
        case "open_id" -> data.put("open_id", user.openId());
        case "union_id" -> data.put("union_id", "union" + user.openId());
        case "avatar_url", "avatar_url_100", "avatar_large_url" -> data.put(field, avatar);
        case "display_name" -> data.put("display_name", user.nickname());
        case "username" -> data.put("username", user.username());
        default -> throw TikTokApiException.invalidParam("Unknown field: " + field);
      }
    }
    return Response.ok(TikTokEnvelope.ok(Map.of("user", data))).build();
  }

  private TikTokPublish ownedPublish(TikTokStore.AccessToken token, JsonNode request) {
    String publishId = request.path("publish_id").asText(null);
    if (publishId == null || publishId.isBlank()) {
      throw TikTokApiException.invalidParam("publish_id is required");
    }
    var publish = store.publish(publishId)
        .orElseThrow(() -> new TikTokApiException(400, "invalid_publish_id", "The publish_id does not exist."));
    if (!publish.openId().equals(token.openId())) {
      throw new TikTokApiException(400, "token_not_authorized_for_specified_publish_id",
          "The access token is not authorized for this publish_id.");
    }
    return publish;
  }

  private TikTokStore.AccessToken authorize(String authorization, String scope, String endpoint, int perMinute) {
    var token = authorizeAny(authorization, endpoint, perMinute);
    requireScope(token, scope);
    return token;
  }

  private static void requireScope(TikTokStore.AccessToken token, String scope) {
    if (!token.scopes().contains(scope)) {
      throw new TikTokApiException(401, "scope_not_authorized",
          "The user did not authorize the scope required for completing this request (" + scope + ").");
    }
  }

  private TikTokStore.AccessToken validToken(String authorization) {
    String value = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authorization.substring(7).trim() : null;
    return store.validAccessToken(value).orElseThrow(TikTokApiException::tokenInvalid);
  }

  private TikTokStore.AccessToken authorizeAny(String authorization, String endpoint, int perMinute) {
    var token = validToken(authorization);
    if (!limiter.tryAcquire(token.value(), endpoint, perMinute)) {
      throw new TikTokApiException(429, "rate_limit_exceeded",
          "API rate limit exceeded: at most " + perMinute + " requests per minute for this token on this endpoint.");
    }
    return token;
  }

  private JsonNode parse(String body) {
    try {
      JsonNode node = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
      if (!node.isObject()) {
        throw TikTokApiException.invalidParam("The request body must be a JSON object");
      }
      return node;
    } catch (TikTokApiException e) {
      throw e;
    } catch (Exception e) {
      throw TikTokApiException.invalidParam("The request body is not valid JSON");
    }
  }

  /** An integer field, or null when absent; anything but an integer is {@code invalid_param}. */
  private static Long optionalLong(JsonNode parent, String name, String field) {
    JsonNode value = parent.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw TikTokApiException.invalidParam(field + " must be an integer");
    }
    return value.asLong();
  }

  /** A boolean field as sent, or null when absent (what the published view shows). */
  private static Boolean optionalBoolean(JsonNode parent, String name) {
    JsonNode value = parent.path(name);
    return value.isBoolean() ? value.asBoolean() : null;
  }

  private static void checkNotBlocked(TikTokUser user) {
    if (user.postingBlock() != null) {
      throw new TikTokApiException(403, user.postingBlock(), blockMessage(user.postingBlock()));
    }
  }

  private static String checkPrivacy(TikTokUser user, String privacy) {
    if (privacy == null || privacy.isBlank()) {
      throw TikTokApiException.invalidParam("post_info.privacy_level is required");
    }
    if (!user.privacyLevelOptions().contains(privacy)) {
      throw new TikTokApiException(403, "privacy_level_option_mismatch",
          "privacy_level " + privacy + " is not one of the creator's options " + user.privacyLevelOptions());
    }
    return privacy;
  }

  private void checkVerified(String url, String field, String requestBaseUrl) {
    if (url == null || url.isBlank()) {
      throw TikTokApiException.invalidParam(field + " is required");
    }
    try {
      URI.create(url).toURL();
    } catch (Exception e) {
      throw TikTokApiException.invalidParam(field + " is not a valid URL");
    }
    if (verifiedPrefixes(requestBaseUrl).stream().noneMatch(url::startsWith)) {
      throw new TikTokApiException(403, "url_ownership_unverified",
          "The domain or URL prefix of " + field + " has not been verified for this app.");
    }
  }

  List<String> verifiedPrefixes(String requestBaseUrl) {
    return config.tiktok().verifiedUrlPrefixes().orElseGet(() -> List.of(
        config.publicUrl().replaceAll("/+$", "") + "/media/",
        requestBaseUrl.replaceAll("/+$", "") + "/media/",
        "https://cdn.example.com/"));
  }

  private TikTokPublish.UploadPlan uploadPlan(JsonNode source) {
    long size = source.path("video_size").asLong(-1);
    long chunk = source.path("chunk_size").asLong(-1);
    long total = source.path("total_chunk_count").asLong(-1);
    if (size < 1 || size > MAX_VIDEO) {
      throw TikTokApiException.invalidParam("source_info.video_size must be between 1 byte and 4 GB");
    }
    if (size < MIN_CHUNK) {
      if (chunk != size || total != 1) {
        throw TikTokApiException.invalidParam(
            "A video under 5 MB is uploaded whole: chunk_size must equal video_size and total_chunk_count be 1");
      }
    } else {
      if (chunk < MIN_CHUNK || chunk > MAX_CHUNK || chunk > size) {
        throw TikTokApiException.invalidParam("source_info.chunk_size must be between 5 MB and 64 MB");
      }
      if (total != size / chunk) {
        throw TikTokApiException.invalidParam("source_info.total_chunk_count must be floor(video_size / chunk_size) = "
            + size / chunk);
      }
      if (total > MAX_CHUNKS || size - (total - 1) * chunk > MAX_LAST_CHUNK) {
        throw TikTokApiException.invalidParam("At most 1000 chunks, and the last chunk at most 128 MB");
      }
    }
    return new TikTokPublish.UploadPlan(Ids.alphanumeric(24), Ids.hex(16), size, chunk, (int) total,
        Instant.now().plus(config.tiktok().uploadUrlLifetime()));
  }

  private static String blockMessage(String code) {
    return switch (code) {
      case "spam_risk_too_many_posts" -> "The daily post cap for this creator has been reached.";
      case "spam_risk_user_banned_from_posting" -> "The creator is banned from making new posts.";
      case "reached_active_user_cap" -> "The daily quota of active publishing creators has been reached.";
      default -> "The creator cannot post right now (" + code + ").";
    };
  }
}
