package io.herald.common.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.herald.common.json.JsonBuffers;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Reads typed values out of a stream entry's string fields, naming the field that is wrong. */
final class StreamFields {
  private final Map<String, String> fields;

  StreamFields(Map<String, String> fields) {
    this.fields = fields;
  }

  void requireVersion(int supported) {
    String v = required("v");
    if (!Integer.toString(supported).equals(v)) {
      throw new MalformedMessageException(
          "Unsupported message version v=" + v + " (this reader knows v=" + supported + ")");
    }
  }

  String required(String name) {
    String value = fields.get(name);
    if (value == null || value.isEmpty()) {
      throw new MalformedMessageException("Missing field '" + name + "'");
    }
    return value;
  }

  String optional(String name) {
    String value = fields.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** An optional boolean field: true only when present and {@code "true"}. */
  boolean flag(String name) {
    String value = optional(name);
    if (value == null) {
      return false;
    }
    if (!value.equals("true") && !value.equals("false")) {
      throw new MalformedMessageException("Field '" + name + "' must be true or false");
    }
    return Boolean.parseBoolean(value);
  }

  UUID uuid(String name) {
    return parse(name, UUID::fromString);
  }

  int integer(String name) {
    return parse(name, Integer::parseInt);
  }

  Instant instant(String name) {
    return parse(name, Instant::parse);
  }

  <E extends Enum<E>> E enumValue(String name, Class<E> type) {
    return parse(name, value -> Enum.valueOf(type, value));
  }

  <T> T json(String name, Class<T> type) {
    String value = required(name);
    try {
      return JsonBuffers.MAPPER.readValue(value, type);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException("Field '" + name + "' is not valid JSON for " + type.getSimpleName(), e);
    }
  }

  static String toJson(Object value) {
    try {
      return JsonBuffers.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  private <T> T parse(String name, Function<String, T> parser) {
    String value = required(name);
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new MalformedMessageException("Field '" + name + "' has an invalid value", e);
    }
  }
}
