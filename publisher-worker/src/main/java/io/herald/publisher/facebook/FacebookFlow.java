package io.herald.publisher.facebook;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultOutcome;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.ledger.LedgerEntry;
import io.herald.publisher.ledger.LedgerRepository;
import io.herald.publisher.ledger.SendAttempt;
import io.herald.publisher.metrics.PublisherMetrics;
import io.herald.publisher.publish.Decision;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.Outcomes;
import io.herald.publisher.publish.Outcomes.Phase;
import io.herald.publisher.publish.Pauses;
import io.herald.publisher.publish.PlatformFailure;
import io.herald.publisher.publish.Published;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/** A Facebook target's way through the ledger: send once, or reconcile with the Page feed when unsure. */
@ApplicationScoped
public class FacebookFlow {
  private final FacebookPublisher publisher;
  private final LedgerRepository ledger;
  private final Outcomes outcomes;
  private final Pauses pauses;
  private final PublisherMetrics metrics;

  FacebookFlow(FacebookPublisher publisher, LedgerRepository ledger, Outcomes outcomes, Pauses pauses,
      PublisherMetrics metrics) {
    this.publisher = publisher;
    this.ledger = ledger;
    this.outcomes = outcomes;
    this.pauses = pauses;
    this.metrics = metrics;
  }

  /** Ledger RETRYING: nothing of this target is on the Page; send it. */
  public Decision send(JobMessage job, Credentials credentials) {
    String scope = FacebookPublisher.pauseScope(credentials.externalId());
    Optional<Duration> paused = pauses.remaining(scope);
    if (paused.isPresent()) {
      return Decision.deferred(paused.get());
    }
    FacebookPost post;
    try {
      post = publisher.prepare(credentials, job.payload());
    } catch (PlatformFailure f) {
      return outcomes.onFailure(job, f.error(), Phase.BEFORE_CREATE, scope);
    } catch (CircuitBreakerOpenException e) {
      return outcomes.breakerOpen(job, false);
    }
    Optional<SendAttempt> attempt = ledger.beginSend(job.targetId(), job.attempt());
    if (attempt.isEmpty()) {
      return Decision.deferred(Duration.ofSeconds(1));
    }
    try {
      Published published = metrics.timePublish(Platform.FACEBOOK, () -> publisher.create(credentials, post));
      return outcomes.published(job, published);
    } catch (CircuitBreakerOpenException e) {
      return outcomes.breakerOpen(job, true);
    } catch (PlatformFailure f) {
      if (f.error().is(ErrorClass.UNKNOWN_OUTCOME)) {
        Log.warnf("Unknown outcome publishing target %s to Facebook (%s); will reconcile", job.targetId(),
            f.error().code());
        if (f.error().code().startsWith("facebook:506")) {
          return reconcileNow(job, credentials, attempt.get(), true);
        }
        return outcomes.onFailure(job, f.error(), Phase.CREATE, scope);
      }
      return outcomes.onFailure(job, f.error(), Phase.CREATE, scope);
    }
  }

  /** Ledger SENDING: a create call may have landed. Look for the post before anything is sent again. */
  public Decision reconcile(JobMessage job, LedgerEntry entry, SendAttempt attempt, Credentials credentials) {
    return reconcileNow(job, credentials, attempt, false);
  }

  private Decision reconcileNow(JobMessage job, Credentials credentials, SendAttempt attempt, boolean duplicateSaid) {
    String scope = FacebookPublisher.pauseScope(credentials.externalId());
    Optional<Published> found;
    try {
      found = publisher.findOnFeed(credentials, job.payload().text(), attempt.startedAt());
    } catch (CircuitBreakerOpenException e) {
      return Decision.deferred(outcomes.breakerDelay());
    } catch (PlatformFailure f) {
      return outcomes.onFailure(job, f.error(), Phase.READ, scope);
    }
    if (found.isPresent()) {
      Log.infof("Reconciled target %s: the post is on the Page (%s)", job.targetId(), found.get().externalId());
      return outcomes.published(job, found.get());
    }
    if (duplicateSaid) {
      return outcomes.failed(job, ResultOutcome.FAILED, "facebook:506",
          "Facebook refused the post as a duplicate and no matching post is on the Page");
    }
    if (!ledger.abandonAttempt(job.targetId(), attempt.id(), "facebook:not_found",
        "Not on the Page after an unknown outcome; sending again")) {
      return Decision.deferred(Duration.ofSeconds(1));
    }
    return send(job, credentials);
  }
}
