package io.herald.simulator.facebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.simulator.config.SimulatorConfig;
import io.herald.simulator.fault.FaultRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts Graph calls per hour and reports them as the {@code x-app-usage} (every Graph answer) and
 * {@code x-business-use-case-usage} (calls about a Page) headers, in percent of the configured hourly quota.
 * An injected throttling error (codes 4, 17, 32, 613, 80001) reports 100% and its regain time.
 */
@ApplicationScoped
public class GraphUsage {
  private static final Set<Integer> THROTTLING_CODES = Set.of(4, 17, 32, 613, 80001);
  private static final String APP = "";

  private final ObjectMapper json;
  private final int quota;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  GraphUsage(ObjectMapper json, SimulatorConfig config) {
    this.json = json;
    this.quota = Math.max(1, config.facebook().callsPerHourQuota());
  }

  private record Window(long hour, AtomicInteger calls) {}

  public Response decorate(Response response, String pageId, FaultRequest fault) {
    boolean throttled = fault != null && fault.code() != null && fault.code().matches("\\d{1,9}")
        && THROTTLING_CODES.contains(Integer.parseInt(fault.code()));
    int regainMinutes = throttled ? (fault.regainAccessMinutes() == null ? 1 : fault.regainAccessMinutes()) : 0;
    int app = throttled ? 100 : percent(count(APP));
    var builder = Response.fromResponse(response)
        .header("x-app-usage", write(Map.of("call_count", app, "total_time", app / 2, "total_cputime", app / 2)));
    if (pageId != null) {
      int page = throttled ? 100 : percent(count("page:" + pageId));
      var usage = new LinkedHashMap<String, Object>();
      usage.put("type", "pages");
      usage.put("call_count", page);
      usage.put("total_cputime", page / 2);
      usage.put("total_time", page / 2);
      usage.put("estimated_time_to_regain_access", regainMinutes);
      builder.header("x-business-use-case-usage", write(Map.of(pageId, List.of(usage))));
    }
    return builder.build();
  }

  public void reset() {
    windows.clear();
  }

  private int count(String key) {
    long hour = clock.millis() / 3_600_000;
    Window window = windows.compute(key,
        (k, w) -> w == null || w.hour() != hour ? new Window(hour, new AtomicInteger()) : w);
    return window.calls().incrementAndGet();
  }

  private int percent(int calls) {
    return (int) Math.min(100, (long) calls * 100 / quota);
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
