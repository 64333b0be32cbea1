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
      int status, String type, String title, String detail, List<Problem.FieldError> errors,
      Map<String, String> headers) {
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

  /** 422: one field of the request body is invalid. */
  public static ProblemException invalid(String field, String message) {
    return invalid(List.of(new Problem.FieldError(field, message)));
  }

  /** 422: fields of the request body are invalid, each named with what is wrong. */
  public static ProblemException invalid(List<Problem.FieldError> errors) {
    return new ProblemException(422, "validation", "Unprocessable Content", errors.stream()
        .map(e -> e.field() + ": " + e.message()).collect(java.util.stream.Collectors.joining("; ")), errors, Map.of());
  }

  /**
   * 400: a query, path or header parameter is wrong (cannot be read, or out of its range). Parameters that cannot be
   * converted at all (a {@code UUID} or {@code Instant} that is not one) are answered the same way by the mappers.
   */
  public static ProblemException badParameter(String name, String message) {
    return new ProblemException(400, "bad-parameter", "Bad Request", name + ": " + message,
        List.of(new Problem.FieldError(name, message)), Map.of());
  }

  /** 412: an {@code If-Match} that no longer matches. */
  public static ProblemException preconditionFailed(String detail) {
    return new ProblemException(412, "stale-version", "Precondition Failed", detail);
  }

  /** 503 with {@code Retry-After}: a dependency is away; the same request may work shortly. */
  public static ProblemException unavailable(String detail, long retryAfterSeconds) {
    return new ProblemException(503, "unavailable", "Service Unavailable", detail, List.of(),
        Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
  }

  public static ProblemException badRequest(String type, String detail) {
    return new ProblemException(400, type, "Bad Request", detail);
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(403, "forbidden", "Forbidden", detail);
  }

  public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
    return tooManyRequests(detail, retryAfterSeconds, Map.of());
  }

  /** 429 with {@code Retry-After} and further headers (e.g. {@code RateLimit-*}). */
  public static ProblemException tooManyRequests(String detail, long retryAfterSeconds, Map<String, String> headers) {
    var all = new java.util.LinkedHashMap<>(headers);
    all.put("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
    return new ProblemException(429, "rate-limited", "Too Many Requests", detail, List.of(), all);
  }

  /** 422 of a kind of its own (e.g. {@code idempotency-key-reused}), with the fields concerned if any. */
  public static ProblemException unprocessable(String type, String detail, List<Problem.FieldError> errors) {
    return new ProblemException(422, type, "Unprocessable Content", detail, errors, Map.of());
  }

  /** The problem an exception mapper answered, to be thrown where a mapper is not at hand (a batch item). */
  public static ProblemException of(Problem problem) {
    String type = problem.type() == null ? null : problem.type().toString().replace(Problem.TYPE_BASE, "");
    return new ProblemException(problem.status(), "about:blank".equals(type) ? null : type, problem.title(),
        problem.detail(), problem.errors() == null ? List.of() : problem.errors(), Map.of());
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
