package io.herald.publisher.facebook;

import io.herald.common.db.DataAccessException;
import io.herald.common.loop.Backoff;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.facebook.FacebookPost.Kind;
import io.herald.publisher.facebook.FacebookPublisher.ObjectState;
import io.herald.publisher.facebook.FacebookPublisher.Processing;
import io.herald.publisher.facebook.GraphRestClient.VideoPhase;
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
import io.herald.publisher.publish.Published;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * A Facebook target's way through the ledger ({@code docs/architecture.md} §8, "Facebook's kinds of post"). A feed
 * post or video: READY, create it unpublished (once; the ledger keeps its id with the move to SENDING), then
 * SENDING, publish it by id; a video is then PROCESSING until its status says ready (or failed). A Reel or video
 * Story: start (its video id kept at once), upload by URL (kept), then finish from SENDING and poll. A photo Story:
 * the photo uploaded unpublished (kept), then {@code photo_stories} from SENDING. SENDING again (a lost answer, a
 * crash, a retry): read the object and finish what is left; what cannot be read is UNKNOWN, never sent again on its
 * own; a row from before posts were created unpublished is looked for on the Page ({@link FeedSearch}). Once the post
 * is public, its first comment is a step of its own ({@link FirstComments}).
 */
@ApplicationScoped
public class FacebookFlow {
  /** The ledger's {@code step} once a Reel's or video Story's bytes were accepted. */
  static final String UPLOADED = "UPLOADED";

  private final FacebookPublisher publisher;
  private final FeedSearch search;
  private final Ledger ledger;
  private final Outcomes outcomes;
  private final Pauses pauses;
  private final PublisherMetrics metrics;
  private final PublisherConfig config;
  private final FirstComments comments;
  private final Backoff pollBackoff;

  FacebookFlow(FacebookPublisher publisher, FeedSearch search, Ledger ledger, Outcomes outcomes, Pauses pauses,
      PublisherMetrics metrics, PublisherConfig config, FirstComments comments) {
    this.publisher = publisher;
    this.search = search;
    this.ledger = ledger;
    this.outcomes = outcomes;
    this.pauses = pauses;
    this.metrics = metrics;
    this.config = config;
    this.comments = comments;
    this.pollBackoff = Backoff.doubling(config.poll().initialDelay(), config.poll().maxDelay());
  }

  /** Ledger SENT whose first comment cannot be taken: the account can no longer publish. */
  public Decision commentWithoutAccount(JobMessage job, Lease lease, LedgerEntry entry, String reason) {
    return comments.withoutAccount(job, lease, entry, reason);
  }

  /** Ledger SENT with its first comment still to take (or whose answer was lost). */
  public Decision comment(JobMessage job, Lease lease, LedgerEntry entry, Credentials credentials) {
    return comments.resume(job, lease, entry, credentials);
  }

  /** Ledger READY: nothing of this target is public; create its unpublished object if needed, then publish it. */
  public Decision send(JobMessage job, Lease lease, LedgerEntry entry, Credentials credentials) {
    String page = credentials.externalId();
    String scope = FacebookPublisher.pauseScope(page);
    Optional<Duration> paused = pauses.remaining(scope);
    if (paused.isPresent()) {
      return Decision.deferred(paused.get());
    }
    Optional<String> refusal = FacebookPost.refusal(job.payload());
    if (refusal.isPresent()) {
      return outcomes.failed(job, lease, ResultOutcome.FAILED, "facebook:unsupported_options", refusal.get());
    }
    Kind kind = FacebookPost.kindOf(job.payload());
    return switch (kind) {
      case FEED, VIDEO -> sendPost(job, lease, entry, credentials, kind);
      case REEL, VIDEO_STORY -> sendVideoSession(job, lease, entry, credentials, kind);
      case PHOTO_STORY -> sendPhotoStory(job, lease, entry, credentials);
    };
  }

  /** A Page post or video: created unpublished (once), then published by id. */
  private Decision sendPost(JobMessage job, Lease lease, LedgerEntry entry, Credentials credentials, Kind kind) {
    String page = credentials.externalId();
    String scope = FacebookPublisher.pauseScope(page);
    String objectId = entry.objectId();
    String created = null;
    if (objectId == null) {
      try {
        created = publisher.createUnpublished(credentials, publisher.prepare(credentials, job.payload()));
      } catch (PlatformFailure f) {
        return outcomes.beforeSend(job, lease, f.error(), scope);
      } catch (CircuitBreakerOpenException e) {
        return Decision.deferred(outcomes.breakerDelay());
      }
      objectId = created;
    }
    // One statement keeps the new object's id and moves to SENDING: committed before the call that can go public.
    // Should it not commit, the object stays an invisible draft and the next try creates another.
    if (!ledger.beginSend(lease, job.attempt(), page, created)) {
      return Decision.deferred(config.retry().heldTargetDelay());
    }
    String id = objectId;
    try {
      metrics.timePublish(Platform.FACEBOOK, () -> {
        publisher.publish(credentials, kind, id);
        return id;
      });
    } catch (CircuitBreakerOpenException e) {
      ledger.notCreated(lease, "facebook:breaker_open", "Not sent: the Facebook circuit breaker is open", false);
      return Decision.deferred(outcomes.breakerDelay());
    } catch (PlatformFailure f) {
      return publishFailed(job, lease, credentials, kind, id, f.error());
    }
    return kind.processed() ? processing(job, lease, id, null) : published(job, lease, credentials, kind, id);
  }

  /**
   * A Reel ({@code video_reels}) or video Story ({@code video_stories}): start (its video id kept in the ledger at
   * once), upload by URL (the step kept), then finish, the call that makes it public, then its status is polled.
   * Start and upload make nothing public, so a lost answer to either is simply tried again; a retry resumes after
   * the last step the ledger holds.
   */
  private Decision sendVideoSession(JobMessage job, Lease lease, LedgerEntry entry, Credentials credentials,
      Kind kind) {
    String page = credentials.externalId();
    String scope = FacebookPublisher.pauseScope(page);
    String edge = kind == Kind.REEL ? "video_reels" : "video_stories";
    String videoId = entry.objectId();
    try {
      if (videoId == null) {
        videoId = publisher.startVideo(credentials, edge);
        if (!ledger.keepObject(lease, videoId)) {
          return Decision.deferred(config.retry().heldTargetDelay());
        }
      }
      if (!UPLOADED.equals(entry.step()) || entry.objectId() == null) {
        publisher.uploadByUrl(credentials, videoId, job.payload().media().getFirst().url());
        ledger.stepDone(lease, UPLOADED);
      }
    } catch (PlatformFailure f) {
      return outcomes.beforeSend(job, lease, f.error(), scope);
    } catch (CircuitBreakerOpenException e) {
      return Decision.deferred(outcomes.breakerDelay());
    }
    if (!ledger.beginSend(lease, job.attempt(), page)) {
      return Decision.deferred(config.retry().heldTargetDelay());
    }
    String id = videoId;
    VideoPhase finish = kind == Kind.REEL ? VideoPhase.finishReel(id, text(job), job.payload().options().title())
        : VideoPhase.finishStory(id);
    String storyPostId;
    try {
      storyPostId = metrics.timePublish(Platform.FACEBOOK, () -> publisher.finishVideo(credentials, edge, finish));
    } catch (CircuitBreakerOpenException e) {
      ledger.notCreated(lease, "facebook:breaker_open", "Not sent: the Facebook circuit breaker is open", false);
      return Decision.deferred(outcomes.breakerDelay());
    } catch (PlatformFailure f) {
      return finishFailed(job, lease, credentials, kind, id, f.error());
    }
    return processing(job, lease, id, storyPostId);
  }

  /**
   * A photo Story: the photo uploaded unpublished (its id kept at once), then {@code photo_stories}, the call that
   * makes it public. Facebook offers no read of a Page's Stories by the photo's id, so a lost answer to that call is
   * an unknown outcome, never sent again on its own.
   */
  private Decision sendPhotoStory(JobMessage job, Lease lease, LedgerEntry entry, Credentials credentials) {
    String page = credentials.externalId();
    String scope = FacebookPublisher.pauseScope(page);
    String photoId = entry.objectId();
    if (photoId == null) {
      try {
        photoId = publisher.uploadPhotoUnpublished(credentials, job.payload().media().getFirst().url());
      } catch (PlatformFailure f) {
        return outcomes.beforeSend(job, lease, f.error(), scope);
      } catch (CircuitBreakerOpenException e) {
        return Decision.deferred(outcomes.breakerDelay());
      }
      if (!ledger.keepObject(lease, photoId)) {
        return Decision.deferred(config.retry().heldTargetDelay());
      }
    }
    if (!ledger.beginSend(lease, job.attempt(), page)) {
      return Decision.deferred(config.retry().heldTargetDelay());
    }
    String id = photoId;
    String postId;
    try {
      postId = metrics.timePublish(Platform.FACEBOOK, () -> publisher.photoStory(credentials, id));
    } catch (CircuitBreakerOpenException e) {
      ledger.notCreated(lease, "facebook:breaker_open", "Not sent: the Facebook circuit breaker is open", false);
      return Decision.deferred(outcomes.breakerDelay());
    } catch (PlatformFailure f) {
      return outcomes.sendFailed(job, lease, f.error(), scope);
    }
    return published(job, lease, credentials, Kind.PHOTO_STORY, postId);
  }

  /** Ledger PROCESSING (Facebook): a video processes; its status is read until it is public or failed. */
  public Decision poll(JobMessage job, Lease lease, LedgerEntry entry, Credentials credentials) {
    Kind kind = FacebookPost.kindOf(job.payload());
    Processing state;
    try {
      state = publisher.processing(credentials, kind, entry.objectId());
    } catch (CircuitBreakerOpenException e) {
      return Decision.deferred(outcomes.breakerDelay());
    } catch (PlatformFailure f) {
      return outcomes.readFailed(job, lease, f.error(), FacebookPublisher.pauseScope(credentials.externalId()));
    }
    return switch (state) {
      case Processing.Done done -> published(job, lease, credentials, kind,
          entry.publishId() != null ? entry.publishId() : entry.objectId());
      case Processing.Failed failed -> {
        ledger.processingFailed(lease, job.attempt(), "facebook:processing_failed", failed.reason());
        yield Decision.done(Outcomes.result(job, ResultOutcome.FAILED, "facebook:processing_failed",
            failed.reason()));
      }
      case Processing.Gone gone -> outcomes.unknown(job, lease, "facebook:object_gone", "The video "
          + entry.objectId() + " is gone from the Page while Facebook processed it");
      case Processing.Working working -> {
        int polls = ledger.countPoll(lease);
        if (polls >= config.poll().maxPolls()) {
          yield outcomes.unknown(job, lease, "facebook:status_timeout", "Facebook reported the video "
              + entry.objectId() + " " + working.phase() + " after " + polls + " polls; check the Page");
        }
        yield new Decision(null, pollBackoff.delay(polls), "processing");
      }
      case Processing.NotFinished notFinished -> {
        // Facebook accepted the finish step but does not show it begun yet: read again later.
        int polls = ledger.countPoll(lease);
        yield new Decision(null, pollBackoff.delay(polls), "processing");
      }
    };
  }

  /** The publishing call was accepted: the video processes, and is polled through the delayed set. */
  private Decision processing(JobMessage job, Lease lease, String videoId, String storyPostId) {
    ledger.processing(lease, storyPostId, null);
    return Decision.later(new ResultMessage(job.targetId(), job.attempt(), ResultOutcome.PROCESSING, videoId, null,
        null, null, Instant.now(), job.traceparent()), config.poll().initialDelay());
  }

  /** The post is public: reported, or its first comment is the next step. */
  private Decision published(JobMessage job, Lease lease, Credentials credentials, Kind kind, String id) {
    return comments.afterPublished(job, lease, credentials,
        FacebookPublisher.published(credentials.externalId(), kind, id));
  }

  /**
   * The finish step answered with an error. A definite refusal leaves the video unfinished; what Facebook shows of
   * the video decides, as for a refused publish.
   */
  private Decision finishFailed(JobMessage job, Lease lease, Credentials credentials, Kind kind, String videoId,
      PlatformError error) {
    String scope = FacebookPublisher.pauseScope(credentials.externalId());
    if (error.is(ErrorClass.UNKNOWN_OUTCOME) || error.is(ErrorClass.THROTTLED) || error.is(ErrorClass.AUTH)) {
      return outcomes.sendFailed(job, lease, error, scope);
    }
    Processing state;
    try {
      state = publisher.processing(credentials, kind, videoId);
    } catch (PlatformFailure | CircuitBreakerOpenException e) {
      Log.debugf("Could not read %s after a refused finish: %s", videoId, e.getMessage());
      return outcomes.sendFailed(job, lease, PlatformError.of(ErrorClass.UNKNOWN_OUTCOME, error.code(),
          error.message()), scope);
    }
    return settleFinish(job, lease, credentials, kind, videoId, state, error);
  }

  /** What Facebook shows of a video whose finish step may or may not have been taken. */
  private Decision settleFinish(JobMessage job, Lease lease, Credentials credentials, Kind kind, String videoId,
      Processing state, PlatformError error) {
    String scope = FacebookPublisher.pauseScope(credentials.externalId());
    return switch (state) {
      case Processing.Done done -> published(job, lease, credentials, kind, videoId);
      case Processing.Working working -> processing(job, lease, videoId, null);
      case Processing.Failed failed -> {
        ledger.processingFailed(lease, job.attempt(), "facebook:processing_failed", failed.reason());
        yield Decision.done(Outcomes.result(job, ResultOutcome.FAILED, "facebook:processing_failed",
            failed.reason()));
      }
      case Processing.NotFinished notFinished -> {
        if (error != null) {
          yield outcomes.sendFailed(job, lease, error, scope);
        }
        // Finishing the same video again cannot make a second post; the upload step is kept.
        ledger.notCreated(lease, "facebook:not_finished", "The video is uploaded but not finished; finishing it",
            false);
        yield send(job, lease, ledger.find(job.targetId()).orElseThrow(), credentials);
      }
      case Processing.Gone gone -> outcomes.unknown(job, lease, "facebook:object_gone", "The video " + videoId
          + " Herald uploaded is gone from the Page: it may have been published and then deleted");
    };
  }

  private static String text(JobMessage job) {
    String text = job.payload().text();
    return text == null || text.isEmpty() ? null : text;
  }

  /** Ledger SENDING: the publish call may have landed. Read the platform before anything is sent again. */
  public Decision reconcile(JobMessage job, Lease lease, LedgerEntry entry, Credentials credentials) {
    if (entry.objectId() == null) {
      return searchPage(job, lease, entry, credentials);
    }
    Kind kind = FacebookPost.kindOf(job.payload());
    if (kind == Kind.PHOTO_STORY) {
      return outcomes.unknown(job, lease, "facebook:story_unknown", "Facebook's answer to publishing the Story was"
          + " lost, and Facebook offers no way to look a Story up by its photo; check the Page's Stories, then say"
          + " whether it is there or should be sent again");
    }
    if (kind == Kind.REEL || kind == Kind.VIDEO_STORY) {
      Processing processing;
      try {
        processing = publisher.processing(credentials, kind, entry.objectId());
      } catch (CircuitBreakerOpenException e) {
        return Decision.deferred(outcomes.breakerDelay());
      } catch (PlatformFailure f) {
        return outcomes.readFailed(job, lease, f.error(), FacebookPublisher.pauseScope(credentials.externalId()));
      }
      return settleFinish(job, lease, credentials, kind, entry.objectId(), processing, null);
    }
    ObjectState state;
    try {
      state = publisher.readState(credentials, kind, entry.objectId());
    } catch (CircuitBreakerOpenException e) {
      return Decision.deferred(outcomes.breakerDelay());
    } catch (PlatformFailure f) {
      return outcomes.readFailed(job, lease, f.error(), FacebookPublisher.pauseScope(credentials.externalId()));
    }
    return switch (state) {
      case PUBLISHED -> kind.processed() ? processing(job, lease, entry.objectId(), null)
          : published(job, lease, credentials, kind, entry.objectId());
      case UNPUBLISHED -> {
        // Publishing the same object again cannot make a second post, even if the earlier call lands later.
        ledger.notCreated(lease, "facebook:not_published", "The post is still unpublished; publishing it again", false);
        yield send(job, lease, ledger.find(job.targetId()).orElseThrow(), credentials);
      }
      case GONE -> outcomes.unknown(job, lease, "facebook:object_gone", "The post Herald created unpublished ("
          + entry.objectId() + ") is gone from the Page: it may have been published and then deleted, or deleted"
          + " before it was published");
    };
  }

  /**
   * The publish call answered with an error. A definite refusal of an object that is still unpublished is a failure;
   * since Graph does not document what publishing an already published post answers, the object is read first.
   */
  private Decision publishFailed(JobMessage job, Lease lease, Credentials credentials, Kind kind, String objectId,
      PlatformError error) {
    String scope = FacebookPublisher.pauseScope(credentials.externalId());
    if (error.is(ErrorClass.UNKNOWN_OUTCOME) || error.is(ErrorClass.THROTTLED) || error.is(ErrorClass.AUTH)) {
      return outcomes.sendFailed(job, lease, error, scope);
    }
    ObjectState state;
    try {
      state = publisher.readState(credentials, kind, objectId);
    } catch (PlatformFailure | CircuitBreakerOpenException e) {
      Log.debugf("Could not read %s after a refused publish: %s", objectId, e.getMessage());
      return outcomes.sendFailed(job, lease, PlatformError.of(ErrorClass.UNKNOWN_OUTCOME, error.code(),
          error.message()), scope);
    }
    return switch (state) {
      case PUBLISHED -> kind.processed() ? processing(job, lease, objectId, null)
          : published(job, lease, credentials, kind, objectId);
      case UNPUBLISHED -> outcomes.sendFailed(job, lease, error, scope);
      case GONE -> outcomes.unknown(job, lease, "facebook:object_gone", "Publishing " + objectId + " failed ("
          + error.message() + ") and the object is gone from the Page");
    };
  }

  /** A SENDING row without an object id (sent before posts were created unpublished): search the Page. */
  private Decision searchPage(JobMessage job, Lease lease, LedgerEntry entry, Credentials credentials) {
    Instant started = entry.lastSendStarted() == null ? Instant.now() : entry.lastSendStarted();
    Duration settle = config.retry().reconcileDelay();
    Instant settled = started.plus(settle);
    if (Instant.now().isBefore(settled)) {
      return Decision.deferred(Duration.between(Instant.now(), settled).plusMillis(50));
    }
    FeedSearch.Result result;
    try {
      result = search.search(credentials, job.targetId(), job.payload(), started, settle);
    } catch (CircuitBreakerOpenException e) {
      return Decision.deferred(outcomes.breakerDelay());
    } catch (PlatformFailure f) {
      return outcomes.readFailed(job, lease, f.error(), FacebookPublisher.pauseScope(credentials.externalId()));
    }
    return switch (result.verdict()) {
      case FOUND -> adopt(job, lease, result.published());
      case AMBIGUOUS -> outcomes.unknown(job, lease, "facebook:ambiguous", result.reason());
      case ABSENT -> {
        if (FacebookPost.kindOf(job.payload()) == Kind.VIDEO) {
          // A video shows up on the Page only after processing: not finding it proves nothing.
          yield outcomes.unknown(job, lease, "facebook:not_visible", result.reason()
              + "; a video appears only after Facebook processed it");
        }
        ledger.notCreated(lease, "facebook:not_found", result.reason() + "; sending again", false);
        yield send(job, lease, ledger.find(job.targetId()).orElseThrow(), credentials);
      }
    };
  }

  private Decision adopt(JobMessage job, Lease lease, Published found) {
    Log.infof("Reconciled target %s: its post is on the Page (%s)", job.targetId(), found.externalId());
    try {
      return outcomes.published(job, lease, found);
    } catch (DataAccessException e) {
      if (e.isUniqueViolation()) {
        return outcomes.unknown(job, lease, "facebook:ambiguous",
            "The only matching post on the Page belongs to another target");
      }
      throw e;
    }
  }
}
