package io.herald.publisher.tiktok;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.JobPayload;
import io.herald.common.stream.Media;
import io.herald.common.stream.Platform;
import io.herald.common.stream.PlatformOptions;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.config.TikTokConfig;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.credentials.NeedsReauthException;
import io.herald.publisher.ledger.LedgerEntry;
import io.herald.publisher.ledger.LedgerRepository;
import io.herald.publisher.metrics.PublisherMetrics;
import io.herald.publisher.publish.Backoff;
import io.herald.publisher.publish.Decision;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.Outcomes;
import io.herald.publisher.publish.Outcomes.Phase;
import io.herald.publisher.publish.Pauses;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.publish.Published;
import io.herald.publisher.tiktok.TikTokPublisher.Init;
import io.herald.publisher.tiktok.TikTokPublisher.Initiated;
import io.herald.publisher.tiktok.TikTokPublisher.Token;
import io.herald.publisher.tiktok.TikTokRateLimiter.Endpoint;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * A TikTok target's way through the ledger: creator_info pre-flight, one init (publish_id stored at once), the
 * upload when the media's domain is not verified, then status polls through delayed jobs until a final status.
 */
@ApplicationScoped
public class TikTokFlow {
  private final TikTokPublisher publisher;
  private final MediaTransfer media;
  private final TikTokRateLimiter rateLimiter;
  private final LedgerRepository ledger;
  private final Outcomes outcomes;
  private final Pauses pauses;
  private final PublisherMetrics metrics;
  private final TikTokConfig tiktok;
  private final PublisherConfig config;
  private final Backoff pollBackoff;

  TikTokFlow(TikTokPublisher publisher, MediaTransfer media, TikTokRateLimiter rateLimiter, LedgerRepository ledger,
      Outcomes outcomes, Pauses pauses, PublisherMetrics metrics, TikTokConfig tiktok, PublisherConfig config) {
    this.publisher = publisher;
    this.media = media;
    this.rateLimiter = rateLimiter;
    this.ledger = ledger;
    this.outcomes = outcomes;
    this.pauses = pauses;
    this.metrics = metrics;
    this.tiktok = tiktok;
    this.config = config;
    this.pollBackoff = new Backoff(config.poll().initialDelay(), config.poll().maxDelay(), 0, RandomGenerator.getDefault());
  }

  static String pauseScope(Credentials credentials) {
    return "tiktok:" + credentials.externalId();
  }

  /** Ledger RETRYING: nothing of this target was accepted by TikTok yet. */
  public Decision send(JobMessage job, Credentials credentials) {
    String scope = pauseScope(credentials);
    Optional<Duration> paused = pauses.remaining(scope);
    if (paused.isPresent()) {
      return Decision.deferred(paused.get());
    }
    Token token = new Token(credentials);
    JobPayload payload = job.payload();
    PlatformOptions options = payload.options();
    List<Media> videos = payload.media().stream().filter(m -> m.type() == Media.Type.VIDEO).toList();
    List<Media> images = payload.media().stream().filter(m -> m.type() == Media.Type.IMAGE).toList();
    if (!(videos.size() == 1 && images.isEmpty()) && !(videos.isEmpty() && !images.isEmpty())) {
      return outcomes.failed(job, ResultOutcome.FAILED, "tiktok:unsupported_media",
          "A TikTok post takes one video or up to 35 photos");
    }
    boolean inbox = options.modeOrDefault() == PlatformOptions.Mode.INBOX;
    Path file = null;
    try {
      Optional<Duration> limited = rateLimiter.acquire(token.credentials().accessToken(), Endpoint.CREATOR_INFO,
          tiktok.creatorInfoPerMinute());
      if (limited.isPresent()) {
        return Decision.deferred(limited.get());
      }
      JsonNode info = publisher.creatorInfo(token);
      if (!inbox && !allowedPrivacy(info, options.privacyLevel())) {
        return outcomes.failed(job, ResultOutcome.FAILED, "tiktok:privacy_level_option_mismatch",
            "The privacy level " + options.privacyLevel() + " is not one the creator allows: "
                + info.path("privacy_level_options"));
      }
      Integer seconds = videos.isEmpty() ? null : videos.get(0).durationSeconds();
      int maxSeconds = info.path("max_video_post_duration_sec").asInt(0);
      if (seconds != null && maxSeconds > 0 && seconds > maxSeconds) {
        return outcomes.failed(job, ResultOutcome.FAILED, "tiktok:duration_check_failed",
            "The video lasts " + seconds + " s; this creator may post videos of at most " + maxSeconds + " s");
      }
      Init kind;
      Map<String, Object> body;
      ChunkPlan plan = null;
      if (!videos.isEmpty()) {
        String url = videos.get(0).url();
        var source = new LinkedHashMap<String, Object>();
        if (isVerified(url)) {
          source.put("source", "PULL_FROM_URL");
          source.put("video_url", url);
        } else {
          file = media.download(url);
          plan = ChunkPlan.of(Files.size(file), tiktok.chunkSize());
          source.put("source", "FILE_UPLOAD");
          source.put("video_size", plan.videoSize());
          source.put("chunk_size", plan.chunkSize());
          source.put("total_chunk_count", plan.chunkCount());
        }
        body = new LinkedHashMap<>();
        if (inbox) {
          kind = Init.INBOX_VIDEO;
        } else {
          kind = Init.VIDEO;
          body.put("post_info", videoPostInfo(payload.text(), options));
        }
        body.put("source_info", source);
      } else {
        kind = Init.CONTENT;
        body = photoBody(payload.text(), options, images, inbox);
      }

      limited = rateLimiter.acquire(token.credentials().accessToken(), Endpoint.INIT, tiktok.initsPerMinute());
      if (limited.isPresent()) {
        return Decision.deferred(limited.get());
      }
      if (ledger.beginSend(job.targetId(), job.attempt()).isEmpty()) {
        return Decision.deferred(Duration.ofSeconds(1));
      }
      Initiated initiated;
      try {
        Map<String, Object> initBody = body;
        initiated = metrics.timePublish(Platform.TIKTOK, () -> publisher.init(token, kind, initBody));
      } catch (CircuitBreakerOpenException e) {
        return outcomes.breakerOpen(job, true);
      } catch (NeedsReauthException e) {
        ledger.markRetrying(job.targetId(), "reauth_required", e.getMessage(), false);
        return outcomes.failed(job, ResultOutcome.NEEDS_REAUTH, "reauth_required", e.getMessage());
      } catch (PlatformFailure f) {
        if (f.error().is(ErrorClass.UNKNOWN_OUTCOME)) {
          return unknownOutcome(job);
        }
        return outcomes.onFailure(job, f.error(), Phase.CREATE, scope);
      }
      ledger.markProcessing(job.targetId(), initiated.publishId(), info.path("creator_username").asText(null));
      if (plan != null) {
        if (initiated.uploadUrl() == null) {
          return outcomes.onFailure(job, PlatformError.of(ErrorClass.TRANSIENT, "tiktok:bad_answer",
              "TikTok returned no upload_url for FILE_UPLOAD"), Phase.CREATE, scope);
        }
        media.upload(initiated.uploadUrl(), file, plan, contentType(videos.get(0).url()));
      }
      ResultMessage processing = new ResultMessage(job.targetId(), job.attempt(), ResultOutcome.PROCESSING,
          initiated.publishId(), null, null, null, Instant.now(), job.traceparent());
      return Decision.later(processing, config.poll().initialDelay());
    } catch (NeedsReauthException e) {
      return outcomes.failed(job, ResultOutcome.NEEDS_REAUTH, "reauth_required", e.getMessage());
    } catch (CircuitBreakerOpenException e) {
      return outcomes.breakerOpen(job, false);
    } catch (PlatformFailure f) {
      // Before init, or the upload after it: either way TikTok holds no finished post.
      return outcomes.onFailure(job, f.error(), Phase.CREATE, scope);
    } catch (IOException e) {
      return outcomes.onFailure(job, PlatformError.of(ErrorClass.TRANSIENT, "media_unavailable", e.getMessage()),
          Phase.CREATE, scope);
    } finally {
      deleteQuietly(file);
    }
  }

  /** Ledger PROCESSING: ask TikTok how the post stands, and come back later while it is still processing. */
  public Decision poll(JobMessage job, LedgerEntry entry, Credentials credentials) {
    Token token = new Token(credentials);
    Optional<Duration> limited = rateLimiter.acquire(credentials.accessToken(), Endpoint.STATUS,
        tiktok.statusPerMinute());
    if (limited.isPresent()) {
      return Decision.deferred(limited.get());
    }
    JsonNode status;
    try {
      status = publisher.status(token, entry.publishId());
    } catch (NeedsReauthException e) {
      return outcomes.failed(job, ResultOutcome.NEEDS_REAUTH, "reauth_required", e.getMessage());
    } catch (CircuitBreakerOpenException e) {
      return Decision.deferred(outcomes.breakerDelay());
    } catch (PlatformFailure f) {
      return outcomes.onFailure(job, f.error(), Phase.READ, pauseScope(credentials));
    }
    boolean inbox = job.payload().options().modeOrDefault() == PlatformOptions.Mode.INBOX;
    String state = status.path("status").asText("");
    switch (state) {
      case "PUBLISH_COMPLETE" -> {
        JsonNode ids = status.path("publicaly_available_post_id");
        String postId = ids.isArray() && !ids.isEmpty() ? ids.get(0).asText() : null;
        String url = postId != null && entry.accountHandle() != null
            ? "https://www.tiktok.com/@" + entry.accountHandle() + "/video/" + postId : null;
        return outcomes.published(job, new Published(postId != null ? postId : entry.publishId(), url));
      }
      case "SEND_TO_USER_INBOX" -> {
        if (inbox) {
          return outcomes.published(job, new Published(entry.publishId(), null));
        }
      }
      case "FAILED" -> {
        var error = TikTokErrors.classifyFailReason(status.path("fail_reason").asText(""));
        return outcomes.failed(job, ResultOutcome.FAILED, error.code(), error.message());
      }
      default -> {
        // PROCESSING_UPLOAD, PROCESSING_DOWNLOAD: not final yet.
      }
    }
    int polls = ledger.countPoll(job.targetId());
    if (polls >= config.poll().maxPolls()) {
      return outcomes.failed(job, ResultOutcome.FAILED, "tiktok:status_timeout",
          "TikTok reported no final status after " + polls + " polls");
    }
    return new Decision(null, pollBackoff.delay(polls), "processing");
  }

  /** Ledger SENDING: an init whose answer was lost cannot be looked up; re-initing could post twice. */
  public Decision reconcile(JobMessage job, LedgerEntry entry) {
    return unknownOutcome(job);
  }

  private Decision unknownOutcome(JobMessage job) {
    Log.warnf("TikTok init of target %s has an unknown outcome; reporting it instead of posting again", job.targetId());
    return outcomes.failed(job, ResultOutcome.FAILED, "unknown_outcome",
        "TikTok's answer to the upload request was lost and cannot be looked up; check the TikTok account"
            + " before retrying");
  }

  private boolean isVerified(String url) {
    return tiktok.verifiedUrlPrefixes().orElse(List.of()).stream().anyMatch(url::startsWith);
  }

  private static boolean allowedPrivacy(JsonNode info, String privacyLevel) {
    if (privacyLevel == null) {
      return false;
    }
    for (JsonNode option : info.path("privacy_level_options")) {
      if (privacyLevel.equals(option.asText())) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Object> videoPostInfo(String text, PlatformOptions options) {
    var info = new LinkedHashMap<String, Object>();
    info.put("title", text == null ? "" : text);
    info.put("privacy_level", options.privacyLevel());
    info.put("disable_duet", Boolean.TRUE.equals(options.disableDuet()));
    info.put("disable_comment", Boolean.TRUE.equals(options.disableComment()));
    info.put("disable_stitch", Boolean.TRUE.equals(options.disableStitch()));
    info.put("brand_content_toggle", Boolean.TRUE.equals(options.brandContent()));
    info.put("brand_organic_toggle", Boolean.TRUE.equals(options.brandOrganic()));
    info.put("is_aigc", Boolean.TRUE.equals(options.aigc()));
    return info;
  }

  private static Map<String, Object> photoBody(String text, PlatformOptions options, List<Media> images, boolean inbox) {
    var postInfo = new LinkedHashMap<String, Object>();
    postInfo.put("title", options.title() == null ? "" : options.title());
    postInfo.put("description", text == null ? "" : text);
    if (!inbox) {
      postInfo.put("privacy_level", options.privacyLevel());
    }
    postInfo.put("disable_comment", Boolean.TRUE.equals(options.disableComment()));
    postInfo.put("auto_add_music", Boolean.TRUE.equals(options.autoAddMusic()));
    var urls = new ArrayList<String>();
    images.forEach(image -> urls.add(image.url()));
    var source = new LinkedHashMap<String, Object>();
    source.put("source", "PULL_FROM_URL");
    source.put("photo_cover_index", 0);
    source.put("photo_images", urls);
    var body = new LinkedHashMap<String, Object>();
    body.put("media_type", "PHOTO");
    body.put("post_mode", inbox ? "MEDIA_UPLOAD" : "DIRECT_POST");
    body.put("post_info", postInfo);
    body.put("source_info", source);
    return body;
  }

  private static String contentType(String url) {
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains(".mov")) {
      return "video/quicktime";
    }
    if (lower.contains(".webm")) {
      return "video/webm";
    }
    return "video/mp4";
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        Log.debugf("Could not delete %s", file);
      }
    }
  }
}
