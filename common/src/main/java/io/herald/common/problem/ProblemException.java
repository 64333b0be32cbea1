package io.herald.common.problem;

import java.util.List;
import java.util.Map;

/**
 * A failure the caller can act on, answered as problem+json with its status.
 * Throw it from services; the mapper in {@link ProblemMappers} renders it.
 */
public class ProblemException extends RuntimeException {
  private final int status;
  private final String type;
  private final String title;
  private final List<Problem.FieldError> errors;
  private final Map<String, String> headers;

  public ProblemException(int status, String type, String title, String detail) {
    this(status, type, title, detail, List.of(), Map.of());
  }

  public ProblemException(
      int status, String type, String title, String detail, List<Problem.FieldError> errors, Map<String, String> headers) {
    super(detail);
    this.status = status;
    this.type = type;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(404, "not-found", "Not Found", what + " was not found");
  }

  public static ProblemException conflict(String type, String detail) {
    return new ProblemException(409, type, "Conflict", detail);
  }

  public static ProblemException invalid(String field, String message) {
    return new ProblemException(
        422, "validation", "Unprocessable Content", field + ": " + message,
        List.of(new Problem.FieldError(field, message)), Map.of());
  }

  public static ProblemException badRequest(String type, String detail) {
    return new ProblemException(400, type, "Bad Request", detail);
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(403, "forbidden", "Forbidden", detail);
  }

  public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
    return new ProblemException(
        429, "rate-limited", "Too Many Requests", detail, List.of(),
        Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public List<Problem.FieldError> errors() {
    return errors;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
