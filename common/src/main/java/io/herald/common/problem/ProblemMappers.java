package io.herald.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.opentelemetry.api.trace.Span;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become HTTP answers, for every Herald service: always
 * problem+json, 4xx for what the caller can fix, 500 (logged once, with a trace id) for bugs.
 */
public class ProblemMappers {

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    var builder = response(Problem.of(e, path(uri)));
    e.headers().forEach(builder::header);
    return builder.build();
  }

  /** A body of unknown length that grew past the service's limit while it was read ({@link ChunkedBodyLimit}). */
  @ServerExceptionMapper
  public Response bodyTooLarge(ChunkedBodyLimit.TooLarge e, UriInfo uri) {
    return problem(e.problem(), uri);
  }

  @ServerExceptionMapper
  public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
    List<Problem.FieldError> errors = e.getConstraintViolations().stream()
        .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
        .sorted(Comparator.comparing(Problem.FieldError::field))
        .toList();
    String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
    return response(new Problem(
        Problem.type("validation"), "Unprocessable Content", 422, detail, path(uri), errors, null)).build();
  }

  @ServerExceptionMapper
  public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return unknownField(unknown, uri);
    }
    List<Problem.FieldError> errors = List.of();
    String detail = "The request body is not valid JSON";
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = fieldPath(mapping);
      detail = "The field '" + field + "' has the wrong type or format";
      errors = List.of(new Problem.FieldError(field, "has the wrong type or format"));
    }
    return response(new Problem(Problem.type("malformed-request"), "Bad Request", 400, detail, path(uri), errors, null))
        .build();
  }

  /**
   * A body field its type does not have ({@link StrictJsonBodies}): 422 {@code validation} naming the field by its
   * path in the body ({@code targets[0].text}) and the fields that exist there. Never ignored: a typo would otherwise
   * publish something other than what the client meant.
   */
  @ServerExceptionMapper
  public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
    String field = fieldPath(e);
    String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(Object::toString)
        .sorted().collect(Collectors.joining(", "));
    String message = "is not a field of this request" + (known.isEmpty() ? "" : " (the fields here: " + known + ")");
    return response(new Problem(Problem.type("validation"), "Unprocessable Content", 422, field + ": " + message,
        path(uri), List.of(new Problem.FieldError(field, message)), null)).build();
  }

  /** Where in the body a mapping failed, as {@code targets[0].options.title}. */
  private static String fieldPath(JsonMappingException mapping) {
    return mapping.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  /**
   * Quarkus REST ships its own mapper for wrong JSON types and unknown enum values, answering plain JSON; an
   * application mapper takes precedence, so these answer problem+json too.
   */
  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
    return unreadableJson(e, uri);
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized(RuntimeException e, UriInfo uri) {
    return response(new Problem(
        Problem.type("unauthorized"), "Unauthorized", 401, "A valid bearer token is required", path(uri), List.of(),
        null))
        .header("WWW-Authenticate", "Bearer")
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return response(new Problem(
        Problem.type("forbidden"), "Forbidden", 403, "Your role does not allow this", path(uri), List.of(), null))
        .build();
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, UriInfo uri) {
    if (e.getCause() instanceof JsonProcessingException unreadable) {
      return unreadableJson(unreadable, uri);
    }
    if (e.getCause() instanceof ProblemException problem) {
      return problem(problem, uri);
    }
    Response original = e.getResponse();
    int status = original.getStatus();
    if (status >= 500) {
      return unexpected(e, uri);
    }
    var builder = response(new Problem(
        null, original.getStatusInfo().getReasonPhrase(), status, e.getMessage(), path(uri), List.of(), null));
    original.getStringHeaders().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Content-Type")) {
        values.forEach(v -> builder.header(name, v));
      }
    });
    return builder.build();
  }

  @ServerExceptionMapper(priority = 10_000)
  public Response unexpected(Throwable e, UriInfo uri) {
    if (isDatabaseUnreachable(e)) {
      Log.warnf("Database unreachable on %s: %s", path(uri), e.getMessage());
      return response(new Problem(
          Problem.type("unavailable"), "Service Unavailable", 503, "The database is unreachable; try again shortly",
          path(uri), List.of(), null)).header("Retry-After", "5").build();
    }
    String traceId = traceId();
    Log.errorf(e, "Unexpected error on %s (trace %s)", path(uri), traceId);
    return response(new Problem(
        null, "Internal Server Error", 500, "An unexpected error occurred; quote the trace id when reporting it",
        path(uri), List.of(), traceId)).build();
  }

  static Response.ResponseBuilder response(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
  }

  /**
   * The database is away or full, not a bug of ours: SQLState class 08 ("connection exception"), 53300 ("too many
   * connections", a server whose connection slots are all taken) and 57P03 ("cannot connect now", starting up).
   */
  private static boolean isDatabaseUnreachable(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null && (sql.getSQLState().startsWith("08")
          || sql.getSQLState().equals("53300") || sql.getSQLState().equals("57P03"))) {
        return true;
      }
      if (cause instanceof SQLTransientConnectionException) {
        return true;
      }
    }
    return false;
  }

  private static String fieldOf(ConstraintViolation<?> violation) {
    // Method-parameter paths look like "create.request.targets[0].socialAccountId"; keep the part after the parameter.
    String path = violation.getPropertyPath().toString();
    String[] parts = path.split("\\.", 3);
    return parts.length == 3 ? parts[2] : parts[parts.length - 1];
  }

  private static String path(UriInfo uri) {
    return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
  }

  private static String traceId() {
    var context = Span.current().getSpanContext();
    return context.isValid() ? context.getTraceId() : UUID.randomUUID().toString().replace("-", "");
  }
}
