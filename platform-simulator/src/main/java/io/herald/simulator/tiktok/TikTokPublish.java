package io.herald.simulator.tiktok;

import io.herald.simulator.published.Publication;
import io.herald.simulator.published.PublishedItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One Content Posting API publish and its progress: upload (FILE_UPLOAD) or download (PULL_FROM_URL), then
 * processing for a number of status polls or an elapsed time, then PUBLISH_COMPLETE, SEND_TO_USER_INBOX or FAILED.
 * A FILE_UPLOAD whose bytes are not all in when its upload URL expires ends FAILED with {@code video_pull_failed}
 * (TikTok documents no reason for it; that one means "the media did not arrive within the hour").
 */
public final class TikTokPublish implements Publication {
  /** What was published. */
  public enum Kind { VIDEO, INBOX_VIDEO, PHOTO, PHOTO_DRAFT }

  /**
   * The post settings an init sent, as the client sent them (null: not sent): the interactions turned off, the
   * video's cover frame ({@code post_info.video_cover_timestamp_ms}) or the cover photo
   * ({@code source_info.photo_cover_index}, 0 when not sent). An inbox video's init carries none.
   */
  public record Settings(Boolean disableComment, Boolean disableDuet, Boolean disableStitch,
      Long videoCoverTimestampMs, Integer photoCoverIndex) {
    public static final Settings NONE = new Settings(null, null, null, null, null);
  }

  /** A FILE_UPLOAD's expected layout. */
  public record UploadPlan(String uploadId, String uploadToken, long videoSize, long chunkSize, int totalChunks,
      Instant expiresAt) {}

  private final String publishId;
  private final String openId;
  private final String clientKey;
  private final Kind kind;
  private final String source;
  private final String title;
  private final String description;
  private final String privacyLevel;
  private final List<String> mediaUrls;
  private final Settings settings;
  private final Instant createdTime;
  private final UploadPlan upload;
  private final String failReason;
  private final long postId;
  private final int pollsToComplete;
  private final Duration processingTime;

  private long uploadedBytes;
  private Instant mediaReceivedAt;
  private int polls;
  private boolean cancelled;
  private boolean finished;

  TikTokPublish(String publishId, String openId, String clientKey, Kind kind, String source, String title,
      String description, String privacyLevel, List<String> mediaUrls, Settings settings, UploadPlan upload,
      String failReason, long postId, int pollsToComplete, Duration processingTime) {
    this.publishId = publishId;
    this.openId = openId;
    this.clientKey = clientKey;
    this.kind = kind;
    this.source = source;
    this.title = title;
    this.description = description;
    this.privacyLevel = privacyLevel;
    this.mediaUrls = List.copyOf(mediaUrls);
    this.settings = settings;
    this.upload = upload;
    this.failReason = failReason;
    this.postId = postId;
    this.pollsToComplete = pollsToComplete;
    this.processingTime = processingTime;
    this.createdTime = Instant.now();
    this.mediaReceivedAt = upload == null ? createdTime : null;
  }

  public String publishId() {
    return publishId;
  }

  public String openId() {
    return openId;
  }

  /** The client key of the app whose token made it. */
  public String clientKey() {
    return clientKey;
  }

  public UploadPlan upload() {
    return upload;
  }

  /** DIRECT_PUBLISH or INBOX_SHARE, as webhooks name it. */
  public String publishType() {
    return kind == Kind.INBOX_VIDEO || kind == Kind.PHOTO_DRAFT ? "INBOX_SHARE" : "DIRECT_PUBLISH";
  }

  /** The final status, once: the first call after the publish reached it (for its webhooks), else empty. */
  public synchronized Optional<Status> finish() {
    Status current = status();
    if (finished || current.status().startsWith("PROCESSING_")) {
      return Optional.empty();
    }
    finished = true;
    return Optional.of(current);
  }

  /** The status as status/fetch reports it, counting this fetch as a poll. */
  public synchronized Status fetch() {
    if (mediaReceivedAt != null) {
      polls++;
    }
    return status();
  }

  /** Records an accepted upload chunk; answers the bytes received so far. */
  synchronized long accept(long bytes) {
    uploadedBytes += bytes;
    if (uploadedBytes >= upload.videoSize()) {
      mediaReceivedAt = Instant.now();
    }
    return uploadedBytes;
  }

  synchronized long uploadedBytes() {
    return uploadedBytes;
  }

  /** Cancels a publish still in progress; false once it reached a terminal status. */
  public synchronized boolean cancel() {
    if (!status().status().startsWith("PROCESSING_")) {
      return false;
    }
    cancelled = true;
    return true;
  }

  /** The current status, as status/fetch would report it. */
  public synchronized Status status() {
    if (cancelled) {
      return new Status("FAILED", "publish_cancelled", List.of(), upload == null ? null : uploadedBytes);
    }
    if (mediaReceivedAt == null && upload != null && Instant.now().isAfter(upload.expiresAt())) {
      return new Status("FAILED", "video_pull_failed", List.of(), uploadedBytes);
    }
    boolean processed = mediaReceivedAt != null && (polls >= pollsToComplete
        || !Instant.now().isBefore(mediaReceivedAt.plus(processingTime)));
    String status;
    if (!processed) {
      status = "FILE_UPLOAD".equals(source) ? "PROCESSING_UPLOAD" : "PROCESSING_DOWNLOAD";
    } else if (failReason != null) {
      status = "FAILED";
    } else if (kind == Kind.INBOX_VIDEO || kind == Kind.PHOTO_DRAFT) {
      status = "SEND_TO_USER_INBOX";
    } else {
      status = "PUBLISH_COMPLETE";
    }
    List<Long> publicIds = "PUBLISH_COMPLETE".equals(status) && "PUBLIC_TO_EVERYONE".equals(privacyLevel)
        ? List.of(postId) : List.of();
    return new Status(status, "FAILED".equals(status) ? failReason : null, publicIds,
        upload == null ? null : uploadedBytes);
  }

  /** A status/fetch answer's data. */
  public record Status(String status, String failReason, List<Long> publicPostIds, Long uploadedBytes) {}

  @Override
  public PublishedItem view() {
    Status current = status();
    return new PublishedItem("TIKTOK", kind.name(), openId, publishId, null, description, title, null, mediaUrls,
        createdTime, null, null, null, null, publishId, source, current.status(), current.failReason(), privacyLevel,
        settings.disableComment(), settings.disableDuet(), settings.disableStitch(), settings.videoCoverTimestampMs(),
        settings.photoCoverIndex());
  }
}
