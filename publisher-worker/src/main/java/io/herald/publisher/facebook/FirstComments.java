package io.herald.publisher.facebook;

import io.herald.common.loop.Backoff;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.PlatformOptions.FirstComment;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultMessage.FirstCommentOutcome;
import io.herald.common.stream.ResultMessage.FirstCommentStatus;
import io.herald.common.stream.ResultOutcome;
import io.herald.publisher.config.FacebookConfig;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.credentials.CredentialsClient;
import io.herald.publisher.facebook.GraphRestClient.Comment;
import io.herald.publisher.facebook.GraphRestClient.Comments;
import io.herald.publisher.facebook.GraphRestClient.PostedComment;
import io.herald.publisher.ledger.Lease;
import io.herald.publisher.ledger.Ledger;
import io.herald.publisher.ledger.LedgerEntry;
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
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * A Facebook target's first comment ({@code POST /{post-id}/comments} as the Page), a ledger step of its own on the
 * SENT row: the post is public whatever becomes of the comment, so nothing here can post it again. The comment's call
 * is marked SENDING (with its start time) before it goes; a lost answer is looked for among the post's comments
 * (by the Page as author, created within the call's window, never by text) and otherwise reported UNKNOWN_OUTCOME,
 * never sent blindly again. The target's PUBLISHED result waits until the comment is final and carries its outcome.
 */
@ApplicationScoped
public class FirstComments {
  /** Clock difference between Herald and Facebook allowed for when a comment's time is compared with the call's. */
  private static final Duration CLOCK_MARGIN = Duration.ofMinutes(2);
  /** Graph's {@code created_time}: {@code 2026-12-06T09:30:00+0000}. */
  private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private final FacebookPublisher publisher;
  private final Ledger ledger;
  private final Outcomes outcomes;
  private final Pauses pauses;
  private final CredentialsClient credentials;
  private final PublisherConfig config;
  private final FacebookConfig facebook;
  private final Backoff backoff;

  FirstComments(FacebookPublisher publisher, Ledger ledger, Outcomes outcomes, Pauses pauses,
      CredentialsClient credentials, PublisherConfig config, FacebookConfig facebook) {
    this.publisher = publisher;
    this.ledger = ledger;
    this.outcomes = outcomes;
    this.pauses = pauses;
    this.credentials = credentials;
    this.config = config;
    this.facebook = facebook;
    var retry = config.retry();
    this.backoff = new Backoff(retry.initialDelay(), retry.maxDelay(), retry.jitter(), RandomGenerator.getDefault());
  }

  /** The post just became public: reported at once, or, with a first comment asked for, after that comment's step. */
  public Decision afterPublished(JobMessage job, Lease lease, Credentials page, Published published) {
    Optional<FirstComment> asked = FacebookPost.firstComment(job.payload());
    if (asked.isEmpty()) {
      return outcomes.published(job, lease, published);
    }
    ledger.sent(lease, published.externalId(), published.externalUrl(), true);
    return send(job, lease, page, published, asked.get());
  }

  /** A SENT row whose comment is PENDING (send it) or SENDING (its answer was lost: look for it). */
  public Decision resume(JobMessage job, Lease lease, LedgerEntry entry, Credentials page) {
    var published = new Published(entry.externalId(), entry.externalUrl());
    if ("SENDING".equals(entry.commentState())) {
      return look(job, lease, entry, page, published);
    }
    Optional<FirstComment> asked = FacebookPost.firstComment(job.payload());
    if (asked.isEmpty()) {
      // A job of the same attempt always carries the comment it asked for; this one does not (a bad job).
      ledger.commentFinal(lease, "FAILED", null, "The job no longer carries the first comment");
      return done(job, published, FirstCommentStatus.FAILED, null, "The job no longer carries the first comment");
    }
    return send(job, lease, page, published, asked.get());
  }

  /**
   * The account can no longer publish: a comment not yet sent fails, one whose answer was lost stays unknown; the
   * post is reported PUBLISHED either way.
   */
  public Decision withoutAccount(JobMessage job, Lease lease, LedgerEntry entry, String reason) {
    var published = new Published(entry.externalId(), entry.externalUrl());
    return "SENDING".equals(entry.commentState())
        ? settle(job, lease, published, FirstCommentStatus.UNKNOWN_OUTCOME, "The answer to the first comment was lost"
            + " and the account cannot read the post any more: " + reason)
        : settle(job, lease, published, FirstCommentStatus.FAILED, "Not sent: " + reason);
  }

  /** Whether a SENT row's result carries a first comment's outcome, and which. */
  public static Optional<FirstCommentOutcome> outcomeOf(LedgerEntry entry) {
    if (entry.commentState() == null || entry.commentPending()) {
      return Optional.empty();
    }
    FirstCommentStatus status = switch (entry.commentState()) {
      case "PUBLISHED" -> FirstCommentStatus.PUBLISHED;
      case "FAILED" -> FirstCommentStatus.FAILED;
      default -> FirstCommentStatus.UNKNOWN_OUTCOME;
    };
    return Optional.of(new FirstCommentOutcome(status, entry.commentId(), entry.commentError()));
  }

  private Decision send(JobMessage job, Lease lease, Credentials page, Published published, FirstComment asked) {
    String scope = FacebookPublisher.pauseScope(page.externalId());
    Optional<Duration> paused = pauses.remaining(scope);
    if (paused.isPresent()) {
      return Decision.deferred(paused.get());
    }
    if (!ledger.commentSending(lease)) {
      return Decision.deferred(config.retry().heldTargetDelay());
    }
    String text = asked.text() == null || asked.text().isBlank() ? null : asked.text();
    String image = asked.imageUrl() == null || asked.imageUrl().isBlank() ? null : asked.imageUrl();
    String id;
    try {
      id = publisher.comment(page, published.externalId(), new Comment(text, image));
    } catch (CircuitBreakerOpenException e) {
      ledger.commentNotSent(lease, "Not sent: the Facebook circuit breaker is open");
      return Decision.deferred(outcomes.breakerDelay());
    } catch (PlatformFailure f) {
      return failed(job, lease, page, published, f.error(), scope);
    }
    ledger.commentFinal(lease, "PUBLISHED", id, null);
    return done(job, published, FirstCommentStatus.PUBLISHED, id, null);
  }

  private Decision failed(JobMessage job, Lease lease, Credentials page, Published published, PlatformError error,
      String scope) {
    String reason = error.message() + " (" + error.code() + ")";
    return switch (error.errorClass()) {
      case PERMANENT -> settle(job, lease, published, FirstCommentStatus.FAILED, reason);
      case AUTH -> {
        // A token Facebook no longer takes needs a reconnect; a missing permission (10, 200-299, such as
        // pages_manage_engagement) fails the comment alone: the Page can still publish.
        if (error.code().startsWith("facebook:190")) {
          credentials.reportReauthRequired(job.socialAccountId(), error.reason());
        }
        yield settle(job, lease, published, FirstCommentStatus.FAILED, reason + "; reconnect the account"
            + " (commenting needs the pages_manage_engagement permission)");
      }
      case THROTTLED -> {
        ledger.commentNotSent(lease, reason);
        Duration wait = error.advisedWait() == null || error.advisedWait().compareTo(config.retry().minThrottleDelay())
            < 0 ? config.retry().minThrottleDelay() : error.advisedWait();
        pauses.pause(scope, wait);
        yield Decision.later(progress(job, published, error), wait);
      }
      case TRANSIENT -> {
        ledger.commentNotSent(lease, reason);
        int tries = ledger.find(job.targetId()).map(LedgerEntry::commentTries).orElse(1);
        if (tries >= config.retry().maxTries()) {
          yield settle(job, lease, published, FirstCommentStatus.FAILED, reason + " (gave up after " + tries
              + " tries)");
        }
        yield Decision.later(progress(job, published, error), backoff.delay(tries));
      }
      case UNKNOWN_OUTCOME -> {
        Log.warnf("Unknown outcome of target %s's first comment (%s): its comments are read before anything else",
            job.targetId(), error.code());
        yield Decision.later(progress(job, published, error), config.retry().reconcileDelay());
      }
    };
  }

  /**
   * The comment's answer was lost. Once Facebook has had time to commit it, the post's comments are read back to the
   * call's start: exactly one by the Page in the call's window is the comment; none or several leave it unknown.
   */
  private Decision look(JobMessage job, Lease lease, LedgerEntry entry, Credentials page, Published published) {
    Instant started = entry.commentStartedAt() == null ? Instant.now() : entry.commentStartedAt();
    Instant settled = started.plus(config.retry().reconcileDelay());
    if (Instant.now().isBefore(settled)) {
      return Decision.deferred(Duration.between(Instant.now(), settled).plusMillis(50));
    }
    Instant from = started.minus(CLOCK_MARGIN);
    Instant until = settled.plus(CLOCK_MARGIN);
    List<String> found = new ArrayList<>();
    try {
      String after = null;
      for (int read = 0; read < facebook.searchMaxPages(); read++) {
        Comments comments = publisher.comments(page, published.externalId(), after);
        if (comments == null || comments.data() == null || comments.data().isEmpty()) {
          break;
        }
        boolean older = false;
        for (PostedComment comment : comments.data()) {
          Instant created = parse(comment.createdTime());
          if (created == null) {
            continue;
          }
          older |= created.isBefore(from);
          if (!created.isBefore(from) && !created.isAfter(until) && comment.from() != null
              && page.externalId().equals(comment.from().id())) {
            found.add(comment.id());
          }
        }
        after = comments.paging() == null || comments.paging().cursors() == null ? null
            : comments.paging().cursors().after();
        if (older || after == null || comments.paging().next() == null) {
          break;
        }
      }
    } catch (CircuitBreakerOpenException e) {
      return Decision.deferred(outcomes.breakerDelay());
    } catch (PlatformFailure f) {
      if (f.error().is(ErrorClass.TRANSIENT) || f.error().is(ErrorClass.UNKNOWN_OUTCOME)
          || f.error().is(ErrorClass.THROTTLED)) {
        return Decision.later(progress(job, published, f.error()), backoff.delay(1));
      }
      return settle(job, lease, published, FirstCommentStatus.UNKNOWN_OUTCOME, "The answer to the first comment was"
          + " lost and its comments could not be read (" + f.error().message() + "); check the post");
    }
    if (found.size() == 1) {
      Log.infof("Target %s's first comment was found on the post (%s)", job.targetId(), found.getFirst());
      ledger.commentFinal(lease, "PUBLISHED", found.getFirst(), null);
      return done(job, published, FirstCommentStatus.PUBLISHED, found.getFirst(), null);
    }
    return settle(job, lease, published, FirstCommentStatus.UNKNOWN_OUTCOME, found.isEmpty()
        ? "The answer to the first comment was lost and no comment by the Page was found on the post; check the post"
        : "The answer to the first comment was lost and the Page made " + found.size() + " comments on the post"
            + " meanwhile; check the post");
  }

  private Decision settle(JobMessage job, Lease lease, Published published, FirstCommentStatus status,
      String reason) {
    ledger.commentFinal(lease, status == FirstCommentStatus.FAILED ? "FAILED" : "UNKNOWN", null, reason);
    return done(job, published, status, null, reason);
  }

  private static Decision done(JobMessage job, Published published, FirstCommentStatus status, String id,
      String error) {
    return Decision.done(ResultMessage.published(job.targetId(), job.attempt(), published.externalId(),
            published.externalUrl(), Instant.now()).withTraceparent(job.traceparent())
        .withFirstComment(new FirstCommentOutcome(status, id, error)));
  }

  /** The post is public and its comment still under way: PROCESSING, with the post's id. */
  private static ResultMessage progress(JobMessage job, Published published, PlatformError error) {
    return new ResultMessage(job.targetId(), job.attempt(), ResultOutcome.PROCESSING, published.externalId(),
        published.externalUrl(), error.code(), "First comment: " + error.message(), Instant.now(),
        job.traceparent());
  }

  private static Instant parse(String time) {
    if (time == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(time, GRAPH_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
