package io.herald.health.probe;

import java.util.Map;

/** One check of a service's {@code /q/health} answer, with the data it reported (stream lag, breaker states...). */
public record CheckResult(String name, Status status, Map<String, Object> data) {
  public CheckResult {
    data = data == null ? Map.of() : data;
  }
}
