package io.herald.publisher.facebook;

import io.herald.common.db.DataAccessException;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Platform;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.facebook.FacebookPost.Kind;
import io.herald.publisher.facebook.FacebookPublisher.ObjectState;
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
 * A Facebook target's way through the ledger. READY: create the post unpublished (once; the ledger keeps its id
 * with the move to SENDING), then SENDING: publish it by id. SENDING again (a lost answer, a crash, a retry): read the
 * object and finish what is left; a row from before posts were created unpublished is looked for on the Page
 * ({@link FeedSearch}).
 */
@ApplicationScoped
public class FacebookFlow {
  private final FacebookPublisher publisher;
  private final FeedSearch search;
  private final Ledger ledger;
  private final Outcomes outcomes;
  private final Pauses pauses;
  private final PublisherMetrics metrics;
  private final PublisherConfig config;

  FacebookFlow(FacebookPublisher publisher, FeedSearch search, Ledger ledger, Outcomes outcomes, Pauses pauses,
      PublisherMetrics metrics, PublisherConfig config) {
    this.publisher = publisher;
    this.search = search;
    this.ledger = ledger;
    this.outcomes = outcomes;
    this.pauses = pauses;
    this.metrics = metrics;
    this.config = config;
  }

  /** Ledger READY: nothing of this target is public; create its unpublished object if needed, then publish it. */
  public Decision send(JobMessage job, Lease lease, LedgerEntry entry, Credentials credentials) {
    String page = credentials.externalId();
    String scope = FacebookPublisher.pauseScope(page);
    Optional<Duration> paused = pauses.remaining(scope);
    if (paused.isPresent()) {
      return Decision.deferred(paused.get());
    }
    Kind kind = FacebookPost.kindOf(job.payload());
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
    return outcomes.published(job, lease, FacebookPublisher.published(page, kind, id));
  }

  /** Ledger SENDING: the publish call may have landed. Read the platform before anything is sent again. */
  public Decision reconcile(JobMessage job, Lease lease, LedgerEntry entry, Credentials credentials) {
    if (entry.objectId() == null) {
      return searchPage(job, lease, entry, credentials);
    }
    Kind kind = FacebookPost.kindOf(job.payload());
    ObjectState state;
    try {
      state = publisher.readState(credentials, kind, entry.objectId());
    } catch (CircuitBreakerOpenException e) {
      return Decision.deferred(outcomes.breakerDelay());
    } catch (PlatformFailure f) {
      return outcomes.readFailed(job, lease, f.error(), FacebookPublisher.pauseScope(credentials.externalId()));
    }
    return switch (state) {
      case PUBLISHED -> outcomes.published(job, lease,
          FacebookPublisher.published(credentials.externalId(), kind, entry.objectId()));
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
      case PUBLISHED -> outcomes.published(job, lease,
          FacebookPublisher.published(credentials.externalId(), kind, objectId));
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
