package io.herald.common.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of hostile JSON: strings at the edges (empty, blank, boundary and huge lengths, NUL and control
 * characters, any Unicode, lone surrogates), values of every JSON type and of none (broken literals), nesting, and
 * request objects whose fields are each valid, hostile, of a wrong type or missing, plus unknown fields.
 */
public final class HostileJson {
  private static final String RAW = "\u0001RAW";

  private HostileJson() {}

  /** Strings at the edges: empty, blank, boundary and huge lengths, NUL and control characters, any Unicode. */
  public static Arbitrary<String> text() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.strings().all().ofMaxLength(30)),
        Tuple.of(2, Arbitraries.strings().withChars("\u0000\u0001\u0007\n\r\t\"\\<>&'%;\u2028\ufeff").ofMaxLength(12)),
        Tuple.of(1, Arbitraries.of("", " ", "\u0000", "null", "undefined", "%00", "../../etc/passwd", "' OR 1=1 --",
            "<script>alert(1)</script>", "\ud83d\ude00", "\ud800")),
        Tuple.of(1, Arbitraries.of(99, 100, 101, 199, 200, 201, 253, 254, 255, 256, 511, 512, 513, 2048, 2049, 4096)
            .map("x"::repeat)),
        Tuple.of(1, Arbitraries.integers().between(10_000, 40_000).map("z"::repeat)));
  }

  /** Any JSON value, or something that is not one (broken literals, a lone brace), nested up to {@code depth}. */
  public static Arbitrary<String> value(int depth) {
    var leaves = Arbitraries.oneOf(text().map(HostileJson::quote),
        Arbitraries.of("0", "-0", "1e400", "-1e-400", "123456789012345678901234567890", "2147483648", "-1", "true",
            "false", "null", "NaN", "\"\\ud800\"", "\"\\u0000\"", "1.", "01", "{", "]", "\"unterminated", "{}", "[]"));
    if (depth == 0) {
      return leaves;
    }
    return Arbitraries.frequencyOf(
        Tuple.of(4, leaves),
        Tuple.of(1, value(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]")),
        Tuple.of(1, Combinators.combine(text(), value(depth - 1)).as((k, v) -> "{" + quote(k) + ":" + v + "}")));
  }

  /** URLs a tenant could send: hostile text, odd schemes, internal addresses, credentials, huge hosts. */
  public static Arbitrary<String> url() {
    return Arbitraries.oneOf(text(), Arbitraries.of("https://app.example.org/x", "http://localhost:3000",
        "javascript:alert(1)", "https://user:pw@evil.example", "//evil.example", "https://[::1", "https://a.example#f",
        "data:text/html,hi", "https://169.254.169.254/latest/meta-data", "https://127.1/", "https://10.0.0.1/x",
        "https://" + "a".repeat(3000) + ".example", "https://example.com/" + "p".repeat(2040)));
  }

  /** Instants as JSON strings: ordinary, past, far future, out of every range, not instants at all. */
  public static Arbitrary<String> instant() {
    return Arbitraries.oneOf(text(), Arbitraries.of("2026-12-01T09:00:00Z", "2999-01-01T00:00:00Z",
        "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
        "+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-12-01", "2026-12-01T09:00:00", "2026-12-01T09:00:00+25:00", "1764579600"),
        Arbitraries.longs().between(0, 3_000_000L).map(days -> java.time.Instant.now().plusSeconds(days * 60)
            .toString()));
  }

  /** UUIDs as JSON strings: random ones, the nil UUID, near misses, not UUIDs. */
  public static Arbitrary<String> uuid() {
    return Arbitraries.oneOf(text(), randomUuid().map(UUID::toString),
        Arbitraries.of("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "0-0-0-0-0", "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-4266141740000",
            "{123e4567-e89b-12d3-a456-426614174000}"));
  }

  /** UUIDs drawn from the run's seed (a replay draws the same ones, unlike {@code UUID.randomUUID()}). */
  public static Arbitrary<UUID> randomUuid() {
    return Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()));
  }

  /**
   * Marks a value that is already JSON (an array, an object, a number) rather than a string to quote; {@link
   * #quote} and {@link #object} insert it as it is.
   */
  public static String raw(String json) {
    return RAW + json;
  }

  /** {@code valid} values three times in four, else {@code hostile} ones: bodies that get past the first check. */
  public static Arbitrary<String> mostly(Arbitrary<String> valid, Arbitrary<String> hostile) {
    return Arbitraries.frequencyOf(Tuple.of(3, valid), Tuple.of(1, hostile));
  }

  /** A JSON object with the given fields (each valid, hostile, of a wrong type, or missing) and extra ones. */
  public static Arbitrary<String> object(Map<String, Arbitrary<String>> fields) {
    var parts = new ArrayList<Arbitrary<String>>();
    for (var field : fields.entrySet()) {
      Arbitrary<String> value = Arbitraries.frequencyOf(
          Tuple.of(8, field.getValue().map(HostileJson::quote)),
          Tuple.of(2, value(3)));
      parts.add(Arbitraries.frequencyOf(
          Tuple.of(12, value.map(v -> quote(field.getKey()) + ":" + v)),
          Tuple.of(1, Arbitraries.just(""))));
    }
    parts.add(Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")),
        Tuple.of(1, Combinators.combine(text(), value(2)).as((k, v) -> quote(k) + ":" + v))));
    Arbitrary<List<String>> all = Combinators.combine(parts).as(list -> list);
    return all.map(list -> "{" + String.join(",", list.stream().filter(s -> !s.isEmpty()).toList()) + "}");
  }

  /** A JSON object of exactly the given fields, each value from its generator (quoted unless {@link #raw}). */
  public static Arbitrary<String> plainObject(Map<String, Arbitrary<String>> fields) {
    var parts = new ArrayList<Arbitrary<String>>();
    fields.forEach((name, value) -> parts.add(value.map(v -> quote(name) + ":" + quote(v))));
    Arbitrary<List<String>> all = Combinators.combine(parts).as(list -> list);
    return all.map(list -> "{" + String.join(",", list) + "}");
  }

  /** {@link #object} as UTF-8 bytes. */
  public static Arbitrary<byte[]> objectBytes(Map<String, Arbitrary<String>> fields) {
    return object(fields).map(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON array of the given elements (each already JSON, or a string to quote), as a {@link #raw} value. */
  public static Arbitrary<String> array(Arbitrary<String> element, int maxSize) {
    return element.list().ofMaxSize(maxSize).map(l -> raw("[" + String.join(",", l.stream().map(HostileJson::quote)
        .toList()) + "]"));
  }

  /** A JSON string literal of {@code value} ({@link #raw} values as they are); control characters escaped. */
  public static String quote(String value) {
    if (value.startsWith(RAW)) {
      return value.substring(RAW.length());
    }
    var out = new StringBuilder("\"");
    value.chars().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.append((char) c);
          }
        }
      }
    });
    return out.append('"').toString();
  }

  /** A JSON array of strings. */
  public static String stringArray(List<String> values) {
    return "[" + String.join(",", values.stream().map(HostileJson::quote).toList()) + "]";
  }
}
