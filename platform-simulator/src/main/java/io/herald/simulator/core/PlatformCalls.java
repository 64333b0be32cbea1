package io.herald.simulator.core;

import io.herald.common.metrics.CounterFamily;
import io.herald.simulator.facebook.GraphUsage;
import io.herald.simulator.fault.FaultMode;
import io.herald.simulator.fault.FaultRule;
import io.herald.simulator.fault.FaultService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs one simulated platform call: applies an injected fault if one fires, renders platform errors in their
 * documented shape, adds the Graph usage headers and counts the call in {@code herald_simulator_requests_total} (every endpoint's series registered at start).
 */
@Startup
@ApplicationScoped
public class PlatformCalls {
  private final FaultService faults;
  private final GraphUsage usage;
  private final CounterFamily requests;

  PlatformCalls(FaultService faults, GraphUsage usage, MeterRegistry registry) {
    this.faults = faults;
    this.usage = usage;
    requests = CounterFamily.builder("herald_simulator_requests_total",
            "Simulated platform calls by endpoint key and outcome (success, error, fault)")
        .tag("endpoint", Arrays.stream(Endpoint.values()).map(Endpoint::key).toList())
        .tag("outcome", "success", "error", "fault").register(registry);
  }

  /** What the work may need to know about an injected fault. */
  public record Call(Optional<String> failProcessingReason) {}

  public Response handle(Endpoint endpoint, Function<Call, Response> work) {
    return handle(endpoint, null, work);
  }

  /**
   * @param graphObjectId the Page a Graph call is about (for {@code x-business-use-case-usage}), or null
   */
  public Response handle(Endpoint endpoint, String graphObjectId, Function<Call, Response> work) {
    Optional<FaultRule> fault = faults.fire(endpoint);
    Response response;
    String outcome;
    if (fault.isPresent() && fault.get().mode() == FaultMode.FAIL) {
      pause(fault.get().latencyMs());
      response = FaultService.errorFor(fault.get()).toResponse();
      outcome = "fault";
    } else {
      FaultMode mode = fault.map(FaultRule::mode).orElse(null);
      if (mode == FaultMode.DELAY) {
        pause(fault.get().latencyMs());
      }
      Optional<String> failReason = mode == FaultMode.FAIL_PROCESSING
          ? Optional.of(Optional.ofNullable(fault.get().request().failReason()).orElse("internal"))
          : Optional.empty();
      response = run(work, new Call(failReason));
      if (mode == FaultMode.SUCCEED_THEN_LATE) {
        pause(fault.get().latencyMs());
      }
      outcome = response.getStatus() < 400 ? "success" : "error";
    }
    if (endpoint.family() == Endpoint.Family.GRAPH) {
      response = usage.decorate(response, graphObjectId, fault.map(FaultRule::request).orElse(null));
    }
    count(endpoint, outcome);
    return response;
  }

  private static Response run(Function<Call, Response> work, Call call) {
    try {
      return work.apply(call);
    } catch (PlatformException e) {
      return e.toResponse();
    }
  }

  private void count(Endpoint endpoint, String outcome) {
    requests.increment(endpoint.key(), outcome);
  }

  /** The simulated latency of an injected fault: this is the behaviour being simulated, not a test wait. */
  private static void pause(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
