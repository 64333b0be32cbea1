package io.herald.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A counter with bounded tags whose values are known up front: every combination is registered at once, at zero,
 * so a rate or an alert over it reads 0 before the first event instead of "no data". Counting is a map lookup (no
 * registry lookup per event). A value outside the declared ones is still counted (registered on first use), so a
 * new outcome is never lost; declare it here to have its series from the start.
 *
 * <pre>{@code
 * logins = CounterFamily.builder("herald_auth_logins_total", "Password logins by outcome")
 *     .tag("outcome", "success", "failure", "throttled").register(registry);
 * logins.increment("failure");
 * }</pre>
 */
public final class CounterFamily {
  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final List<String> keys;
  private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

  private CounterFamily(MeterRegistry registry, String name, String description, List<String> keys) {
    this.registry = registry;
    this.name = name;
    this.description = description;
    this.keys = keys;
  }

  public static Builder builder(String name, String description) {
    return new Builder(name, description);
  }

  /** Counts one event of these tag values (in the order the tags were declared). */
  public void increment(String... values) {
    counter(values).increment();
  }

  /** The counter of these tag values (in the order the tags were declared). */
  public Counter counter(String... values) {
    if (values.length != keys.size()) {
      throw new IllegalArgumentException(name + " takes " + keys.size() + " tag values " + keys);
    }
    return counters.computeIfAbsent(List.of(values), this::register);
  }

  private Counter register(List<String> values) {
    var builder = Counter.builder(name).description(description);
    for (int i = 0; i < keys.size(); i++) {
      builder.tag(keys.get(i), values.get(i));
    }
    return builder.register(registry);
  }

  /** Declares the tags and their values; {@link #register} registers every combination. */
  public static final class Builder {
    private final String name;
    private final String description;
    private final List<String> keys = new ArrayList<>();
    private final List<List<String>> values = new ArrayList<>();

    private Builder(String name, String description) {
      this.name = name;
      this.description = description;
    }

    public Builder tag(String key, String... tagValues) {
      return tag(key, List.of(tagValues));
    }

    public Builder tag(String key, List<String> tagValues) {
      keys.add(key);
      values.add(List.copyOf(tagValues));
      return this;
    }

    public CounterFamily register(MeterRegistry registry) {
      var family = new CounterFamily(registry, name, description, List.copyOf(keys));
      List<List<String>> combinations = List.of(List.of());
      for (List<String> tagValues : values) {
        var next = new ArrayList<List<String>>();
        for (List<String> prefix : combinations) {
          for (String value : tagValues) {
            var combination = new ArrayList<>(prefix);
            combination.add(value);
            next.add(List.copyOf(combination));
          }
        }
        combinations = next;
      }
      combinations.forEach(c -> family.counter(c.toArray(String[]::new)));
      return family;
    }
  }
}
