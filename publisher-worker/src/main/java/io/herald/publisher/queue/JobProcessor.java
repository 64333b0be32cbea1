package io.herald.publisher.queue;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.MalformedMessageException;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
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
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Handles one delivered stream entry end to end: parse, decide (ledger + platform), emit the result, schedule the
 * job again if needed, and only then acknowledge. A failure before the acknowledgement leaves the entry pending,
 * so another worker claims it; nothing is lost.
 */
@ApplicationScoped
public class JobProcessor {
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

  private final JobStreams streams;
  private final PublishService publish;
  private final PublisherMetrics metrics;
  private final Tracer tracer;

  JobProcessor(JobStreams streams, PublishService publish, PublisherMetrics metrics, Tracer tracer) {
    this.streams = streams;
    this.publish = publish;
    this.metrics = metrics;
    this.tracer = tracer;
  }

  public void process(Delivery delivery) {
    JobMessage job;
    try {
      job = JobMessage.fromFields(delivery.fields());
    } catch (MalformedMessageException e) {
      Log.warnf("Dead-lettering malformed job %s on %s: %s", delivery.entryId(), delivery.stream(), e.getMessage());
      streams.deadLetter(delivery, "malformed: " + e.getMessage());
      streams.ack(delivery);
      return;
    }
    metrics.jobStarted();
    Span span = tracer.spanBuilder("publish " + job.platform().name().toLowerCase())
        .setParent(parentOf(job.traceparent()))
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute("messaging.system", "redis")
        .setAttribute("messaging.destination.name", delivery.stream())
        .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      Decision decision = publish.handle(job);
      if (decision.result() != null) {
        streams.publishResult(decision.result().withTraceparent(traceparent(span, job.traceparent())));
      }
      if (decision.runAgainIn() != null) {
        streams.schedule(delivery.stream(), job.redelivered(Instant.now()), Instant.now().plus(decision.runAgainIn()));
      }
      streams.ack(delivery);
      metrics.countOutcome(job.platform(), decision.outcome());
    } finally {
      span.end();
      metrics.jobFinished();
    }
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

  /** A job delivered too often (it keeps crashing or timing out its worker): dead letter plus a FAILED result. */
  public void deadLetter(Delivery delivery, String reason) {
    streams.deadLetter(delivery, reason);
    try {
      JobMessage job = JobMessage.fromFields(delivery.fields());
      streams.publishResult(ResultMessage.failure(job.targetId(), job.attempt(), ResultOutcome.FAILED,
          "max_deliveries", reason, Instant.now()).withTraceparent(job.traceparent()));
      metrics.countOutcome(job.platform(), "dead");
    } catch (MalformedMessageException e) {
      Log.debugf("Dead-lettered entry %s is not a valid job; no result sent", delivery.entryId());
    }
    streams.ack(delivery);
  }
}
