package io.herald.simulator.fault;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.herald.simulator.core.Endpoint;
import java.util.concurrent.atomic.AtomicInteger;

/** An active fault: the validated request plus how often it fired and how many firings remain. */
public final class FaultRule {
  private final String id;
  private final Endpoint endpoint;
  private final FaultRequest request;
  private final FaultMode mode;
  private final AtomicInteger remaining;
  private final AtomicInteger fired = new AtomicInteger();

  FaultRule(String id, Endpoint endpoint, FaultMode mode, FaultRequest request) {
    this.id = id;
    this.endpoint = endpoint;
    this.mode = mode;
    this.request = request;
    this.remaining = request.count() == null ? null : new AtomicInteger(request.count());
  }

  /** Claims one firing; false once the count is used up. */
  boolean claim() {
    if (remaining == null) {
      fired.incrementAndGet();
      return true;
    }
    int left;
    do {
      left = remaining.get();
      if (left <= 0) {
        return false;
      }
    } while (!remaining.compareAndSet(left, left - 1));
    fired.incrementAndGet();
    return true;
  }

  boolean exhausted() {
    return remaining != null && remaining.get() <= 0;
  }

  /** The rule as the control API shows it. */
  public View view() {
    return new View(id, endpoint.key(), mode, request.status(), request.code(), request.subcode(), request.message(),
        request.type(), request.isTransient(), latencyMs(), probability(), request.count(),
        remaining == null ? null : Math.max(0, remaining.get()), fired.get(), request.failReason(),
        request.regainAccessMinutes());
  }

  public String id() {
    return id;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public FaultMode mode() {
    return mode;
  }

  public FaultRequest request() {
    return request;
  }

  public long latencyMs() {
    return request.latencyMs() == null ? 0 : request.latencyMs();
  }

  public double probability() {
    return request.probability() == null ? 1.0 : request.probability();
  }

  /** JSON view of a rule. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record View(
      String id, String endpoint, FaultMode mode, Integer status, String code, Integer subcode, String message,
      String type, @JsonProperty("transient") Boolean isTransient, long latencyMs, double probability, Integer count,
      Integer remaining, int fired, String failReason, Integer regainAccessMinutes) {}
}
