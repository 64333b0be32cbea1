package io.herald.common.problem;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.function.Function;

/**
 * Typed JAX-RS parameters ({@code UUID}, {@code Instant}, {@code Duration}, whole numbers) whose value cannot be read
 * answer 400 {@code bad-parameter} naming the parameter, the same in every service (without this, Quarkus REST
 * answers a bare 404 for a query parameter it cannot convert). A path value that cannot be read names nothing that
 * exists: 404. Enums are read in any letter case; a blank value is an absent one, except for a primitive, which
 * cannot be absent: there a blank value is one that cannot be read.
 */
@Provider
public class TypedParameters implements ParamConverterProvider {
  @Override
  @SuppressWarnings("unchecked")
  public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
    String name = nameOf(annotations);
    boolean path = isPath(annotations);
    if (rawType.isEnum()) {
      return converter(name, path, value -> enumValue(rawType, value), "must be one of "
          + java.util.Arrays.toString(rawType.getEnumConstants()));
    }
    if (rawType == UUID.class) {
      return (ParamConverter<T>) converter(name, path, UUID::fromString, "is not a UUID");
    }
    if (rawType == Instant.class) {
      return (ParamConverter<T>) converter(name, false, TypedParameters::instant,
          "is not an ISO-8601 instant from year 1 to 9999, such as 2026-12-01T09:00:00Z");
    }
    if (rawType == Duration.class) {
      return (ParamConverter<T>) converter(name, false, Duration::parse, "is not an ISO-8601 duration such as PT1H");
    }
    if (rawType == Integer.class || rawType == int.class) {
      return (ParamConverter<T>) converter(name, path, rawType.isPrimitive(), Integer::valueOf,
          "is not a whole number");
    }
    if (rawType == Long.class || rawType == long.class) {
      return (ParamConverter<T>) converter(name, path, rawType.isPrimitive(), Long::valueOf,
          "is not a whole number");
    }
    return null;
  }

  private static <T> ParamConverter<T> converter(String name, boolean path, Function<String, T> parse,
      String problem) {
    return converter(name, path, false, parse, problem);
  }

  private static <T> ParamConverter<T> converter(String name, boolean path, boolean primitive,
      Function<String, T> parse, String problem) {
    return new ParamConverter<>() {
      @Override
      public T fromString(String value) {
        if (value == null || value.isBlank()) {
          if (primitive) {
            throw unreadable(value);
          }
          return null;
        }
        try {
          return parse.apply(value.strip());
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
          throw unreadable(value);
        }
      }

      private ProblemException unreadable(String value) {
        return path ? ProblemException.notFound(name == null ? "The resource" : "'" + name + "' " + value)
            : ProblemException.badParameter(name == null ? "parameter" : name, problem);
      }

      @Override
      public String toString(T value) {
        return value == null ? null : value.toString();
      }
    };
  }

  /** The instants a database stores and a client can mean: years 1 to 9999. */
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  /**
   * An ISO-8601 instant a database can store (years 1 to 9999); {@link IllegalArgumentException} or
   * {@link DateTimeParseException} for anything else.
   */
  public static Instant instant(String value) {
    Instant instant = Instant.parse(value);
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw new IllegalArgumentException("out of range");
    }
    return instant;
  }

  /** An enum constant by name, in any letter case. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> T enumValue(Class<T> type, String value) {
    return (T) Enum.valueOf((Class) type, value.toUpperCase(java.util.Locale.ROOT));
  }

  private static String nameOf(Annotation[] annotations) {
    for (Annotation annotation : annotations) {
      if (annotation instanceof QueryParam query) {
        return query.value();
      }
      if (annotation instanceof PathParam path) {
        return path.value();
      }
      if (annotation instanceof HeaderParam header) {
        return header.value();
      }
    }
    return null;
  }

  private static boolean isPath(Annotation[] annotations) {
    for (Annotation annotation : annotations) {
      if (annotation instanceof PathParam) {
        return true;
      }
    }
    return false;
  }
}
