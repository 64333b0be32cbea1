package io.herald.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer Herald gives
 * ({@code application/problem+json}).
 *
 * @param type     a URI naming the kind of problem ({@code about:blank} when the status says it all)
 * @param title    a short, human-readable summary of the kind of problem
 * @param status   the HTTP status code
 * @param detail   what went wrong with this request
 * @param instance the request path
 * @param errors   field violations, when the request body or parameters were invalid
 * @param traceId  the trace id of a server error, to quote when reporting it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    URI type, String title, int status, String detail, String instance, List<FieldError> errors, String traceId) {

  public static final String MEDIA_TYPE = "application/problem+json";
  static final String TYPE_BASE = "https://herald.dev/problems/";

  /** One invalid field: its path in the request ({@code targets[0].socialAccountId}) and what is wrong. */
  public record FieldError(String field, String message) {}

  public static URI type(String slug) {
    return slug == null ? URI.create("about:blank") : URI.create(TYPE_BASE + slug);
  }

  /** The body of {@code e}'s answer to the request at {@code instance}. */
  public static Problem of(ProblemException e, String instance) {
    return new Problem(type(e.type()), e.title(), e.status(), e.getMessage(), instance, e.errors(), null);
  }
}
