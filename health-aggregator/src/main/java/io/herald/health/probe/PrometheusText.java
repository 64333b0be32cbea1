package io.herald.health.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of the Prometheus text exposition format (version 0.0.4, also what OpenMetrics text looks like line by
 * line).
 */
public final class PrometheusText {

  /** One sample line: {@code name{label="value",...} value}. */
  public record Line(String name, Map<String, String> labels, double value) {}

  private PrometheusText() {}

  public static List<Line> parse(String text) {
    var lines = new ArrayList<Line>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Line parsed = parseLine(line);
      if (parsed != null) {
        lines.add(parsed);
      }
    }
    return lines;
  }

  /** The resources Herald shows, taken from a service's metrics text. */
  public static Resources resources(String text) {
    Double cpu = null;
    double heapUsed = 0;
    double heapMax = 0;
    boolean sawHeapUsed = false;
    boolean sawHeapMax = false;
    Double rss = null;
    Double diskFree = null;
    Double diskTotal = null;
    for (Line l : parse(text)) {
      switch (l.name()) {
        case "process_cpu_usage" -> cpu = l.value();
        case "jvm_memory_used_bytes" -> {
          if ("heap".equals(l.labels().get("area"))) {
            heapUsed += l.value();
            sawHeapUsed = true;
          }
        }
        case "jvm_memory_max_bytes" -> {
          if ("heap".equals(l.labels().get("area")) && l.value() > 0) {
            heapMax += l.value();
            sawHeapMax = true;
          }
        }
        case "process_resident_memory_bytes" -> rss = l.value();
        case "disk_free_bytes" -> diskFree = diskFree == null ? l.value() : diskFree;
        case "disk_total_bytes" -> diskTotal = diskTotal == null ? l.value() : diskTotal;
        default -> { }
      }
    }
    return new Resources(
        cpu, sawHeapUsed ? (long) heapUsed : null, sawHeapMax ? (long) heapMax : null,
        asLong(rss), asLong(diskFree), asLong(diskTotal));
  }

  private static Long asLong(Double value) {
    return value == null ? null : value.longValue();
  }

  private static Line parseLine(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i = parseLabels(line, i + 1, labels);
      if (i < 0) {
        return null;
      }
    }
    String[] rest = line.substring(i).strip().split("\\s+");
    if (name.isEmpty() || rest.length == 0 || rest[0].isEmpty()) {
      return null;
    }
    try {
      return new Line(name, labels, parseValue(rest[0]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Reads {@code a="x",b="y"}} from {@code start}; answers the index after the closing brace, or -1 if malformed. */
  private static int parseLabels(String line, int start, Map<String, String> labels) {
    int i = start;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '}') {
        return i + 1;
      }
      if (c == ',' || Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int eq = line.indexOf('=', i);
      if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
        return -1;
      }
      String key = line.substring(i, eq).strip();
      var value = new StringBuilder();
      int j = eq + 2;
      while (j < line.length() && line.charAt(j) != '"') {
        char v = line.charAt(j);
        if (v == '\\' && j + 1 < line.length()) {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(v);
        }
        j++;
      }
      if (j >= line.length()) {
        return -1;
      }
      labels.put(key, value.toString());
      i = j + 1;
    }
    return -1;
  }

  private static double parseValue(String token) {
    return switch (token) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(token);
    };
  }
}
