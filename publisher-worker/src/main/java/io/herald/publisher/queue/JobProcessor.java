package io.herald.publisher.queue;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.MalformedMessageException;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.publisher.metrics.PublisherMetrics;
import io.herald.publisher.publish.Decision;
import io.herald.publisher.publish.PublishService;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Handles one delivered stream entry end to end: parse, decide (ledger + platform), emit the result, schedule the
 * job again if needed, and only then acknowledge. A failure before the acknowledgement leaves the entry pending,
 * so another worker claims it; nothing is lost.
 */
@ApplicationScoped
public class JobProcessor {
  private final JobStreams streams;
  private final PublishService publish;
  private final PublisherMetrics metrics;

  JobProcessor(JobStreams streams, PublishService publish, PublisherMetrics metrics) {
    this.streams = streams;
    this.publish = publish;
    this.metrics = metrics;
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
    try {
      Decision decision = publish.handle(job);
      if (decision.result() != null) {
        streams.publishResult(decision.result());
      }
      if (decision.runAgainIn() != null) {
        streams.schedule(delivery.stream(), job.redelivered(Instant.now()), Instant.now().plus(decision.runAgainIn()));
      }
      streams.ack(delivery);
      metrics.countOutcome(job.platform(), decision.outcome());
    } finally {
      metrics.jobFinished();
    }
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
