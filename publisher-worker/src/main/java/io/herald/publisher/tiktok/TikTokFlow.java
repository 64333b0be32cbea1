package io.herald.publisher.tiktok;

import io.herald.common.loop.Backoff;
import io.herald.common.ratelimit.TikTokRateLimiter;
import io.herald.common.ratelimit.TikTokRateLimiter.Endpoint;
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
import io.herald.publisher.ledger.Lease;
import io.herald.publisher.ledger.Ledger;
import io.herald.publisher.ledger.LedgerEntry;
import io.herald.publisher.metrics.PublisherMetrics;
import io.herald.publisher.publish.Decision;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.Outcomes;
import io.herald.publisher.publish.Pauses;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.tiktok.TikTokPublisher.Token;
import io.herald.publisher.tiktok.TikTokRestClient.CreatorInfo;
import io.herald.publisher.tiktok.TikTokRestClient.Initiated;
import io.herald.publisher.tiktok.TikTokRestClient.PhotoInit;
import io.herald.publisher.tiktok.TikTokRestClient.PhotoPostInfo;
import io.herald.publisher.tiktok.TikTokRestClient.PhotoSource;
import io.herald.publisher.tiktok.TikTokRestClient.PublishStatus;
import io.herald.publisher.tiktok.TikTokRestClient.VideoInit;
import io.herald.publisher.tiktok.TikTokRestClient.VideoPostInfo;
import io.herald.publisher.tiktok.TikTokRestClient.VideoSource;
import io.herald.publisher.tiktok.webhook.TikTokWebhookEvent;
import io.herald.publisher.tiktok.webhook.TikTokWebhooks;
import io.herald.publisher.tiktok.webhook.TikTokWebhooks.Adoption;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * A TikTok target's way through the ledger: creator_info pre-flight, one init (publish_id stored at once), the
 * upload when the media's domain is not verified, then status polls through delayed jobs until a final status (or
 * TikTok's webhook says it first). An init whose answer was lost: a FILE_UPLOAD can never complete without Herald's
 * bytes, so it is sent again; a PULL_FROM_URL publish can, so only TikTok's webhook can name it, and without one the
 * outcome is reported unknown.
 */
@ApplicationScoped
public class TikTokFlow {
  private final TikTokPublisher publisher;
  private final MediaTransfer media;
  private final TikTokRateLimiter rateLimiter;
  private final TikTokWebhooks webhooks;
  private final Ledger ledger;
  private final Outcomes outcomes;
  private final Pauses pauses;
  private final PublisherMetrics metrics;
  private final TikTokConfig tiktok;
  private final PublisherConfig config;
  private final Backoff pollBackoff;

  TikTokFlow(TikTokPublisher publisher, MediaTransfer media, TikTokRateLimiter rateLimiter, TikTokWebhooks webhooks,
      Ledger ledger, Outcomes outcomes, Pauses pauses, PublisherMetrics metrics, TikTokConfig tiktok,
      PublisherConfig config) {
    this.publisher = publisher;
    this.media = media;
    this.rateLimiter = rateLimiter;
    this.webhooks = webhooks;
    this.ledger = ledger;
    this.outcomes = outcomes;
    this.pauses = pauses;
    this.metrics = metrics;
    this.tiktok = tiktok;
    this.config = config;
    this.pollBackoff = Backoff.doubling(config.poll().initialDelay(), config.poll().maxDelay());
  }

  static String pauseScope(Credentials credentials) {
    return "tiktok:" + credentials.externalId();
  }

  /** Ledger READY: nothing of this target was accepted by TikTok yet. */
  public Decision send(JobMessage job, Lease lease, Credentials credentials) {
    String scope = pauseScope(credentials);
    Optional<Duration> paused = pauses.remaining(scope);
    if (paused.isPresent()) {
      return Decision.deferred(paused.get());
    }
    Token token = new Token(credentials);
    JobPayload payload = job.payload();
    PlatformOptions options = payload.options();
    List<Media> videos = videos(payload);
    List<Media> images = payload.media().stream().filter(m -> m.type() == Media.Type.IMAGE).toList();
    if (!(videos.size() == 1 && images.isEmpty()) && !(videos.isEmpty() && !images.isEmpty())) {
      return outcomes.failed(job, lease, ResultOutcome.FAILED, "tiktok:unsupported_media",
          "A TikTok post takes one video or up to 35 photos");
    }
    boolean inbox = options.modeOrDefault() == PlatformOptions.Mode.INBOX;
    Path file = null;
    try {
      Optional<Duration> limited = rateLimiter.acquire(credentials.accessToken(), Endpoint.CREATOR_INFO,
          tiktok.creatorInfoPerMinute());
      if (limited.isPresent()) {
        return Decision.deferred(limited.get());
      }
      CreatorInfo info = publisher.creatorInfo(token);
      Optional<PlatformError> refusal = preflight(info, videos, options, inbox);
      if (refusal.isPresent()) {
        return outcomes.failed(job, lease, ResultOutcome.FAILED, refusal.get().code(), refusal.get().message());
      }
      Supplier<Initiated> initCall;
      ChunkPlan plan = null;
      if (!videos.isEmpty()) {
        String url = videos.get(0).url();
        VideoSource source;
        if (isVerified(url)) {
          source = VideoSource.pull(url);
        } else {
          file = media.download(url);
          plan = ChunkPlan.of(Files.size(file), tiktok.chunkSize());
          source = VideoSource.upload(plan);
        }
        var init = new VideoInit(inbox ? null : videoPostInfo(payload.text(), options, info), source);
        initCall = () -> publisher.initVideo(token, init, inbox);
      } else {
        var init = photoInit(payload.text(), options, images, inbox, info);
        initCall = () -> publisher.initPhotos(token, init);
      }
      limited = rateLimiter.acquire(token.credentials().accessToken(), Endpoint.INIT, tiktok.initsPerMinute());
      if (limited.isPresent()) {
        return Decision.deferred(limited.get());
      }
      return init(job, lease, credentials, initCall, info, file, plan);
    } catch (NeedsReauthException e) {
      return outcomes.failed(job, lease, ResultOutcome.NEEDS_REAUTH, "reauth_required", e.getMessage());
    } catch (CircuitBreakerOpenException e) {
      return Decision.deferred(outcomes.breakerDelay());
    } catch (PlatformFailure f) {
      return outcomes.beforeSend(job, lease, f.error(), scope);
    } catch (IOException e) {
      return outcomes.beforeSend(job, lease, PlatformError.of(ErrorClass.TRANSIENT, "media_unavailable",
          e.getMessage()), scope);
    } finally {
      MediaTransfer.deleteQuietly(file);
    }
  }

  /** The init (the call that can make a post), then the upload of a FILE_UPLOAD. */
  private Decision init(JobMessage job, Lease lease, Credentials credentials, Supplier<Initiated> initCall,
      CreatorInfo info, Path file, ChunkPlan plan) {
    String scope = pauseScope(credentials);
    if (!ledger.beginSend(lease, job.attempt(), credentials.externalId())) {
      return Decision.deferred(config.retry().heldTargetDelay());
    }
    Initiated initiated;
    try {
      initiated = metrics.timePublish(Platform.TIKTOK, initCall);
    } catch (CircuitBreakerOpenException e) {
      ledger.notCreated(lease, "tiktok:breaker_open", "Not sent: the TikTok circuit breaker is open", false);
      return Decision.deferred(outcomes.breakerDelay());
    } catch (NeedsReauthException e) {
      return outcomes.failed(job, lease, ResultOutcome.NEEDS_REAUTH, "reauth_required", e.getMessage());
    } catch (PlatformFailure f) {
      if (f.error().is(ErrorClass.UNKNOWN_OUTCOME) && plan != null) {
        // A FILE_UPLOAD publish cannot complete without the bytes only Herald holds: a new init is safe.
        return outcomes.sendFailed(job, lease, PlatformError.of(ErrorClass.TRANSIENT, f.error().code(),
            f.error().message() + " (nothing was uploaded, so nothing can be published)"), scope);
      }
      return outcomes.sendFailed(job, lease, f.error(), scope);
    }
    ledger.processing(lease, initiated.publishId(), info.creatorUsername());
    if (plan != null) {
      if (initiated.uploadUrl() == null) {
        return uploadFailed(job, lease, PlatformError.of(ErrorClass.TRANSIENT, "tiktok:bad_answer",
            "TikTok returned no upload_url for FILE_UPLOAD"));
      }
      try {
        media.upload(initiated.uploadUrl(), file, plan, contentType(videos(job.payload()).get(0).url()));
      } catch (PlatformFailure f) {
        return uploadFailed(job, lease, f.error());
      }
    }
    ResultMessage processing = new ResultMessage(job.targetId(), job.attempt(), ResultOutcome.PROCESSING,
        initiated.publishId(), null, null, null, Instant.now(), job.traceparent());
    return Decision.later(processing, config.poll().initialDelay());
  }

  /**
   * The upload of an accepted init failed. TikTok answered and lacks bytes: that publish can never complete, so a
   * new init is safe (counted as a try). The last chunk's answer was lost: only TikTok's status can tell.
   */
  private Decision uploadFailed(JobMessage job, Lease lease, PlatformError error) {
    if (error.is(ErrorClass.UNKNOWN_OUTCOME)) {
      return Decision.later(Outcomes.result(job, ResultOutcome.PROCESSING, error.code(), error.message()),
          config.poll().initialDelay());
    }
    int tries = ledger.notCreated(lease, error.code(), error.message(), true).orElse(1);
    if (tries >= config.retry().maxTries()) {
      return outcomes.failed(job, lease, ResultOutcome.FAILED, error.code(),
          error.message() + " (gave up after " + tries + " tries)");
    }
    return Decision.later(Outcomes.result(job, ResultOutcome.RETRY_SCHEDULED, error.code(), error.message()),
        config.retry().initialDelay());
  }

  /** Ledger PROCESSING: ask TikTok how the post stands (or read its webhook), and come back while it processes. */
  public Decision poll(JobMessage job, Lease lease, LedgerEntry entry, Credentials credentials) {
    Optional<TikTokWebhookEvent> told = webhooks.finalEvent(entry.publishId());
    if (told.isPresent()) {
      return switch (told.get().event) {
        case TikTokWebhookEvent.FAILED -> finalFailure(job, lease, told.get().reason);
        default -> outcomes.published(job, lease, TikTokPublisher.published(entry.publishId(), null,
            entry.accountHandle()));
      };
    }
    Optional<Duration> limited = rateLimiter.acquire(credentials.accessToken(), Endpoint.STATUS,
        tiktok.statusPerMinute());
    if (limited.isPresent()) {
      return Decision.deferred(limited.get());
    }
    PublishStatus status;
    try {
      status = publisher.status(new Token(credentials), entry.publishId());
    } catch (NeedsReauthException e) {
      return outcomes.reauthWhileUnsure(job, "reauth_required", e.getMessage());
    } catch (CircuitBreakerOpenException e) {
      return Decision.deferred(outcomes.breakerDelay());
    } catch (PlatformFailure f) {
      return outcomes.readFailed(job, lease, f.error(), pauseScope(credentials));
    }
    boolean inbox = job.payload().options().modeOrDefault() == PlatformOptions.Mode.INBOX;
    switch (status.status() == null ? "" : status.status()) {
      case "PUBLISH_COMPLETE" -> {
        List<String> ids = status.publicalyAvailablePostId();
        String postId = ids == null || ids.isEmpty() ? null : ids.get(0);
        return outcomes.published(job, lease, TikTokPublisher.published(entry.publishId(), postId,
            entry.accountHandle()));
      }
      case "SEND_TO_USER_INBOX" -> {
        if (inbox) {
          return outcomes.published(job, lease, TikTokPublisher.published(entry.publishId(), null, null));
        }
      }
      case "FAILED" -> {
        return finalFailure(job, lease, status.failReason());
      }
      default -> {
        // PROCESSING_UPLOAD, PROCESSING_DOWNLOAD: not final yet.
      }
    }
    int polls = ledger.countPoll(lease);
    if (polls >= config.poll().maxPolls()) {
      return outcomes.unknown(job, lease, "tiktok:status_timeout",
          "TikTok reported no final status after " + polls + " polls; check the TikTok account");
    }
    return new Decision(null, pollBackoff.delay(polls), "processing");
  }

  private Decision finalFailure(JobMessage job, Lease lease, String failReason) {
    var error = TikTokErrors.classifyFailReason(failReason);
    return outcomes.failed(job, lease, ResultOutcome.FAILED, error.code(), error.message());
  }

  /**
   * Ledger SENDING: the init's answer was lost (or the worker died before storing it). A FILE_UPLOAD cannot have
   * published anything, so it is sent again; a pull is looked for among TikTok's webhooks, and after their grace
   * period without one the outcome is reported unknown.
   */
  public Decision reconcile(JobMessage job, Lease lease, LedgerEntry entry, Credentials credentials) {
    boolean pull = !videos(job.payload()).isEmpty() ? isVerified(videos(job.payload()).get(0).url()) : true;
    if (!pull) {
      ledger.notCreated(lease, "tiktok:init_lost", "The init's answer was lost before any upload; sending again",
          false);
      return send(job, lease, credentials);
    }
    Adoption adoption = webhooks.adoptionFor(entry);
    if (adoption instanceof Adoption.Found found) {
      ledger.processing(lease, found.publishId(), null);
      return poll(job, lease, ledger.find(job.targetId()).orElseThrow(), credentials);
    }
    if (adoption instanceof Adoption.Ambiguous ambiguous) {
      return outcomes.unknown(job, lease, "tiktok:ambiguous", ambiguous.reason());
    }
    Instant started = entry.lastSendStarted() == null ? Instant.now() : entry.lastSendStarted();
    Instant giveUp = started.plus(webhooks.grace());
    Duration left = Duration.between(Instant.now(), giveUp);
    if (!left.isNegative()) {
      Duration recheck = config.retry().reconcileDelay();
      return Decision.deferred(left.compareTo(recheck) < 0 ? left.plusMillis(50) : recheck);
    }
    return outcomes.unknown(job, lease, "tiktok:init_unknown", "TikTok's answer to the upload request was lost and"
        + " TikTok names publishes only in webhooks, none of which came; check the TikTok account, then say whether"
        + " the post is there or should be sent again");
  }

  /**
   * What creator_info rules out before anything is sent: a privacy level the creator does not offer, an interaction
   * the post allows explicitly ({@code disableComment}, {@code disableDuet}, {@code disableStitch} false) that the
   * creator has turned off in TikTok since, and a video longer than the creator may post. Each fails the target with
   * its reason rather than sending something other than what the user chose. An inbox draft carries neither privacy
   * level nor interactions (the creator sets them in the app).
   */
  private static Optional<PlatformError> preflight(CreatorInfo info, List<Media> videos, PlatformOptions options,
      boolean inbox) {
    List<String> allowed = info.privacyLevelOptions() == null ? List.of() : info.privacyLevelOptions();
    if (!inbox && (options.privacyLevel() == null || !allowed.contains(options.privacyLevel()))) {
      return Optional.of(PlatformError.of(ErrorClass.PERMANENT, "tiktok:privacy_level_option_mismatch",
          "The privacy level " + options.privacyLevel() + " is not one the creator allows: " + allowed));
    }
    if (!inbox) {
      List<String> refused = options.allowedButTurnedOff(!videos.isEmpty(), Boolean.TRUE.equals(info.commentDisabled()),
              Boolean.TRUE.equals(info.duetDisabled()), Boolean.TRUE.equals(info.stitchDisabled())).stream()
          .map(i -> i.name().toLowerCase(Locale.ROOT) + " (" + i.option + ")").toList();
      if (!refused.isEmpty()) {
        return Optional.of(PlatformError.of(ErrorClass.PERMANENT, "tiktok:interaction_disabled",
            "The creator has turned off " + String.join(", ", refused) + " in TikTok, and this post allows them;"
                + " nothing was sent. Post it again with those options true or left out"));
      }
    }
    Integer seconds = videos.isEmpty() ? null : videos.get(0).durationSeconds();
    int maxSeconds = info.maxVideoPostDurationSec() == null ? 0 : info.maxVideoPostDurationSec();
    if (seconds != null && maxSeconds > 0 && seconds > maxSeconds) {
      return Optional.of(PlatformError.of(ErrorClass.PERMANENT, "tiktok:duration_check_failed", "The video lasts "
          + seconds + " s; this creator may post videos of at most " + maxSeconds + " s"));
    }
    return Optional.empty();
  }

  private static List<Media> videos(JobPayload payload) {
    return payload.media().stream().filter(m -> m.type() == Media.Type.VIDEO).toList();
  }

  private boolean isVerified(String url) {
    return tiktok.verifiedUrlPrefixes().orElse(List.of()).stream().anyMatch(url::startsWith);
  }

  /**
   * A direct post's {@code post_info}. An interaction the user left unset follows the creator's setting (off when the
   * creator turned it off in TikTok); one the user set is sent as set (the pre-flight refused a conflict).
   */
  private static VideoPostInfo videoPostInfo(String text, PlatformOptions options, CreatorInfo info) {
    return new VideoPostInfo(text == null ? "" : text, options.privacyLevel(),
        off(options.disableDuet(), info.duetDisabled()), off(options.disableComment(), info.commentDisabled()),
        off(options.disableStitch(), info.stitchDisabled()), options.videoCoverTimestampMs(),
        Boolean.TRUE.equals(options.brandContent()), Boolean.TRUE.equals(options.brandOrganic()),
        Boolean.TRUE.equals(options.aigc()));
  }

  private static PhotoInit photoInit(String text, PlatformOptions options, List<Media> images, boolean inbox,
      CreatorInfo info) {
    var postInfo = new PhotoPostInfo(options.title() == null ? "" : options.title(), text == null ? "" : text,
        inbox ? null : options.privacyLevel(), off(options.disableComment(), info.commentDisabled()),
        Boolean.TRUE.equals(options.autoAddMusic()));
    int cover = options.photoCoverIndex() == null ? 0 : options.photoCoverIndex();
    var source = new PhotoSource("PULL_FROM_URL", cover, images.stream().map(Media::url).toList());
    return new PhotoInit("PHOTO", inbox ? "MEDIA_UPLOAD" : "DIRECT_POST", postInfo, source);
  }

  /** Whether an interaction is turned off: as the user set it, else as the creator has it. */
  private static boolean off(Boolean chosen, Boolean creatorDisabled) {
    return chosen != null ? chosen : Boolean.TRUE.equals(creatorDisabled);
  }

  private static String contentType(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.contains(".mov")) {
      return "video/quicktime";
    }
    if (lower.contains(".webm")) {
      return "video/webm";
    }
    return "video/mp4";
  }
}
