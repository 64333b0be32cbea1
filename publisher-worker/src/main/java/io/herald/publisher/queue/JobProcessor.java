package io.herald.publisher.queue;

import io.herald.common.db.DataAccessException;
import io.herald.common.stream.Delivery;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.MalformedMessageException;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultMessage.FirstCommentOutcome;
import io.herald.common.stream.ResultMessage.FirstCommentStatus;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.stream.StreamGroup;
import io.herald.common.stream.StreamKeys;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.facebook.FirstComments;
import io.herald.publisher.ledger.Ledger;
import io.herald.publisher.ledger.LedgerEntry;
import io.herald.publisher.ledger.LedgerState;
import io.herald.publisher.metrics.PublisherMetrics;
import io.herald.publisher.publish.Decision;
import io.herald.publisher.publish.PublishService;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.quarkus.logging.Log;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Handles one delivered stream entry end to end: parse, decide (ledger + platform), emit the result, schedule the
 * job again if needed, and only then acknowledge. No job can stall its consumer: an outage of Postgres or Redis
 * leaves the entry pending (the consumer backs off and tries it again); any other error is a failure of this job,
 * dead-lettered with its reason at once when it is not a known transient one, or after
 * {@code herald.publisher.failures.max-per-entry} tries when it is.
 */
@ApplicationScoped
public class JobProcessor {
  /** What became of an entry. */
  public enum Handling {
    /** Acknowledged (decided, or dead-lettered). */
    DONE,
    /** Failed with a transient error; still pending, to be tried again. */
    RETRY,
    /** Postgres or Redis is away; still pending. */
    OUTAGE
  }

  private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return List.copyOf(carrier.keySet());
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private final StreamGroup group;
  private final JobStreams streams;
  private final PublishService publish;
  private final JobLimits limits;
  private final Ledger ledger;
  private final PublisherMetrics metrics;
  private final PublisherConfig config;
  private final Tracer tracer;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  JobProcessor(StreamGroup group, JobStreams streams, PublishService publish, JobLimits limits, Ledger ledger,
      PublisherMetrics metrics, PublisherConfig config, Tracer tracer) {
    this.group = group;
    this.streams = streams;
    this.publish = publish;
    this.limits = limits;
    this.ledger = ledger;
    this.metrics = metrics;
    this.config = config;
    this.tracer = tracer;
  }

  /**
   * Renews the job markers of entries just read, in one round trip: their jobs are in this worker's hands now (for
   * up to the job deadline). False when Redis did not take it; each job then renews its own marker first.
   */
  public boolean takeUp(List<Delivery> deliveries) {
    var targets = new ArrayList<UUID>(deliveries.size());
    for (Delivery delivery : deliveries) {
      targetOf(delivery).ifPresent(targets::add);
    }
    try {
      streams.markActive(targets, config.jobDeadline());
      return true;
    } catch (RuntimeException e) {
      Log.debugf("Job markers of %d entries not renewed together: %s", targets.size(), e.getMessage());
      return false;
    }
  }

  /** {@code markerRenewed}: whether {@link #takeUp} renewed the entry's job marker already. */
  public Handling process(Delivery delivery, boolean markerRenewed) {
    JobMessage job;
    try {
      job = JobMessage.fromFields(delivery.fields());
    } catch (MalformedMessageException e) {
      Log.warnf("Dead-lettering malformed job %s on %s: %s", delivery.entryId(), delivery.stream(), e.getMessage());
      return guarded(delivery, () -> group.deadLetter(delivery, StreamKeys.DEAD, "malformed: " + e.getMessage()));
    }
    metrics.jobStarted();
    Span span = tracer.spanBuilder("publish " + job.platform().name().toLowerCase())
        .setParent(parentOf(job.traceparent()))
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute("messaging.system", "redis")
        .setAttribute("messaging.destination.name", delivery.stream())
        .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      if (!markerRenewed) {
        streams.markActive(job.targetId(), config.jobDeadline());
      }
      Decision decision;
      try (JobLimits.Admission admission = limits.admit(job)) {
        decision = admission instanceof JobLimits.Deferred deferred
            ? Decision.deferred(deferred.delay())
            : publish.handle(job);
      }
      finish(delivery, job, decision, span);
      failures.remove(delivery.entryId());
      return Handling.DONE;
    } catch (RuntimeException e) {
      return failed(delivery, job, e);
    } finally {
      span.end();
      metrics.jobFinished();
    }
  }

  /** The result, the next run, the marker and the acknowledgement: one pipeline, in that order. */
  private void finish(Delivery delivery, JobMessage job, Decision decision, Span span) {
    JobStreams.Finish finish = streams.finish(delivery);
    if (decision.result() != null) {
      finish.publishResult(decision.result().withTraceparent(traceparent(span, job.traceparent())));
    }
    if (decision.runAgainIn() != null) {
      Instant now = Instant.now();
      finish.schedule(delivery.stream(), job.redelivered(now), now.plus(decision.runAgainIn()))
          .markActive(job.targetId(), decision.runAgainIn().plus(config.lease()));
    } else if (decision.ends()) {
      finish.clearActive(job.targetId());
    }
    finish.ackAndSend();
    metrics.countOutcome(job.platform(), decision.outcome());
    if (decision.ends() && job.operation() == null) {
      // a publish's final result; an edit or delete of a published post is not a publish
      metrics.countFinal(job, decision.result());
    }
  }

  private static Optional<UUID> targetOf(Delivery delivery) {
    try {
      return Optional.of(UUID.fromString(delivery.fields().get("targetId")));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private Handling failed(Delivery delivery, JobMessage job, RuntimeException e) {
    if (isOutage(e)) {
      metrics.countFailure("outage");
      Log.warnf("Job %s (target %s) waits: %s", delivery.entryId(), job.targetId(), e.getMessage());
      return Handling.OUTAGE;
    }
    boolean transientError = databaseError(e).map(db -> !db.isIntegrityViolation()).orElse(false)
        || answeredByRedis(e);
    int count = failures.merge(delivery.entryId(), 1, Integer::sum);
    if (transientError && count < config.failures().maxPerEntry()) {
      metrics.countFailure("transient");
      Log.warnf("Job %s (target %s) failed (%d of %d): %s", delivery.entryId(), job.targetId(), count,
          config.failures().maxPerEntry(), e.toString());
      return Handling.RETRY;
    }
    metrics.countFailure(transientError ? "too_many" : "permanent");
    String reason = (transientError ? "failed " + count + " times, last: " : "failed: ") + e;
    Log.errorf(e, "Job %s (target %s) %s; dead-lettering it", delivery.entryId(), job.targetId(), reason);
    Handling handling = guarded(delivery, () -> deadLetter(delivery, reason));
    if (handling == Handling.DONE) {
      failures.remove(delivery.entryId());
    }
    return handling;
  }

  /**
   * Moves a job to the dead-letter stream with a result that tells the truth as the ledger knows it: PUBLISHED if the
   * platform holds the post, UNKNOWN_OUTCOME if it may (never a FAILED that a retry could send again from), FAILED
   * if nothing can be public.
   */
  public void deadLetter(Delivery delivery, String reason) {
    try {
      JobMessage job = JobMessage.fromFields(delivery.fields());
      streams.publishResult(deadLetterResult(job, reason).withTraceparent(job.traceparent()));
      streams.clearActive(job.targetId());
      metrics.countOutcome(job.platform(), "dead");
    } catch (MalformedMessageException e) {
      Log.debugf("Dead-lettered entry %s is not a valid job; no result sent", delivery.entryId());
    }
    group.deadLetter(delivery, StreamKeys.DEAD, reason);
  }

  private ResultMessage deadLetterResult(JobMessage job, String reason) {
    Optional<LedgerEntry> entry;
    try {
      entry = ledger.find(job.targetId());
    } catch (RuntimeException e) {
      if (databaseError(e).isEmpty()) {
        throw e;
      }
      return ResultMessage.failure(job.targetId(), job.attempt(), ResultOutcome.UNKNOWN_OUTCOME, "job_failed",
          "The job " + reason + "; the publish ledger could not be read to tell whether the post was sent",
          Instant.now());
    }
    LedgerState state = entry.map(LedgerEntry::state).orElse(LedgerState.READY);
    if (state == LedgerState.SENT) {
      LedgerEntry sent = entry.get();
      // The post is public; a first comment still under way is told as the ledger knows it.
      FirstCommentOutcome comment = !sent.commentPending() ? FirstComments.outcomeOf(sent).orElse(null)
          : new FirstCommentOutcome("SENDING".equals(sent.commentState()) ? FirstCommentStatus.UNKNOWN_OUTCOME
              : FirstCommentStatus.FAILED, null, "The job " + reason);
      return ResultMessage.published(job.targetId(), job.attempt(), sent.externalId(), sent.externalUrl(),
          Instant.now()).withFirstComment(comment);
    }
    if (state.unsure()) {
      return ResultMessage.failure(job.targetId(), job.attempt(), ResultOutcome.UNKNOWN_OUTCOME, "job_failed",
          "The job " + reason + " while the platform may already hold the post", Instant.now());
    }
    return ResultMessage.failure(job.targetId(), job.attempt(), ResultOutcome.FAILED, "job_failed",
        "The job " + reason, Instant.now());
  }

  private Handling guarded(Delivery delivery, Runnable work) {
    try {
      work.run();
      return Handling.DONE;
    } catch (RuntimeException e) {
      Log.warnf("Could not dead-letter %s yet: %s", delivery.entryId(), e.getMessage());
      return isOutage(e) ? Handling.OUTAGE : Handling.RETRY;
    }
  }

  /**
   * Postgres or Redis unreachable, timing out or shutting down, or this worker's pool of connections to one of them
   * full (a burst beyond what it was sized for): nothing to do with the job itself, so its entry waits.
   */
  static boolean isOutage(Throwable e) {
    if (databaseError(e).map(DataAccessException::isOutage).orElse(false)) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof ClosedChannelException
          || t instanceof TimeoutException || t instanceof io.smallrye.mutiny.TimeoutException
          || t instanceof ConnectionPoolTooBusyException) {
        return true;
      }
    }
    return false;
  }

  /** The database's error behind {@code e}: thrown by plain SQL, or by Hibernate (its cause is the SQLException). */
  private static Optional<DataAccessException> databaseError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DataAccessException db) {
        return Optional.of(db);
      }
      if (t instanceof SQLException sql) {
        return Optional.of(new DataAccessException(sql));
      }
    }
    return Optional.empty();
  }

  /** Redis refused a command (an error reply such as WRONGTYPE or NOGROUP): not the job's fault, maybe passing. */
  private static boolean answeredByRedis(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getName().startsWith("io.vertx.redis")) {
        return true;
      }
    }
    return false;
  }

  /** The job's W3C trace context, so the publish continues the trace that created the post. */
  private static Context parentOf(String traceparent) {
    if (traceparent == null || traceparent.isBlank()) {
      return Context.root();
    }
    return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of("traceparent", traceparent), GETTER);
  }

  /** The publish span's traceparent when tracing is on, else the job's own, so the trace goes on in the result. */
  private static String traceparent(Span span, String fallback) {
    if (!span.getSpanContext().isValid()) {
      return fallback;
    }
    var carrier = new HashMap<String, String>();
    W3CTraceContextPropagator.getInstance().inject(Context.current().with(span), carrier, Map::put);
    return carrier.getOrDefault("traceparent", fallback);
  }
}
