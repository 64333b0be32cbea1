package io.herald.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each service's request body limit ({@code quarkus.http.limits.max-body-size}, set per service to what its API
 * needs), answered as a 413 problem: before the body is read when the request declares its length, and as soon as a
 * body of unknown length (chunked) grows past it ({@link ChunkedBodyLimit}).
 *
 * <p>A small JSON body (its declared length at most {@link #READ_AHEAD_MAX}: a create is about 300 bytes, a batch of
 * 100 about 40 kB) is read whole here, on the event loop, before the request goes on. Every JSON endpoint is blocking,
 * and Quarkus REST otherwise hands a blocking method's body to its worker thread through a stream the event loop fills
 * chunk by chunk, each hand-over a lock and a wake-up: read ahead, a create costs content-service 18-25 % less CPU
 * (docs/benchmarks.md, "The create path"). Such a body has mostly arrived with its headers, so reading it costs no more
 * memory than the connection's buffers, whoever sends it; a larger or chunked body, a form, an upload and an HTTP/2
 * request are left to their readers (Quarkus REST pauses every request it takes, and an HTTP/2 request whose body has
 * been read refuses to be paused). A request refused for want of a token is still answered before a body of unknown
 * length is read.
 */
@ApplicationScoped
public class BodyLimit {
  static final long READ_AHEAD_MAX = 64 * 1024;
  /** The limit's property and Quarkus's default for it, for every reader of the limit ({@link ChunkedBodyLimit}). */
  static final String LIMIT = "quarkus.http.limits.max-body-size";
  static final String LIMIT_DEFAULT = "10240K";

  void install(@Observes Router router, ObjectMapper json,
      @ConfigProperty(name = LIMIT, defaultValue = LIMIT_DEFAULT) MemorySize limit) {
    long max = limit.asLongValue();
    BodyHandler readWhole = BodyHandler.create(false).setBodyLimit(Math.min(max, READ_AHEAD_MAX))
        .setPreallocateBodyBuffer(true);
    router.route().order(Integer.MIN_VALUE).handler(context -> {
      long declared = declaredLength(context.request());
      if (declared > max) {
        refuse(context, json, max);
      } else if (declared >= 0 && declared <= READ_AHEAD_MAX && isJson(context.request())
          && context.request().version() != HttpVersion.HTTP_2) {
        readWhole.handle(context); // calls next() once the whole body has arrived
      } else {
        context.next();
      }
    });
  }

  /** The one answer to a body over the limit, declared or found while it is read: 413, and the connection closed. */
  static ProblemException tooLarge(long max) {
    return new ProblemException(413, "body-too-large", "Content Too Large",
        "The request body is larger than " + max + " bytes", List.of(), Map.of("Connection", "close"));
  }

  private static void refuse(RoutingContext context, ObjectMapper json, long max) {
    ProblemException refusal = tooLarge(max);
    var problem = Problem.of(refusal, context.request().path());
    var response = context.response().setStatusCode(refusal.status());
    refusal.headers().forEach(response::putHeader);
    try {
      response.putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(json.writeValueAsString(problem));
    } catch (JsonProcessingException e) {
      response.end();
    }
  }

  private static boolean isJson(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) {
      return false;
    }
    String mediaType = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  /** The request's Content-Length, or -1 when it declares none (chunked) or not a number (left to Quarkus). */
  private static long declaredLength(HttpServerRequest request) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null) {
      return -1;
    }
    try {
      return Long.parseLong(declared.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
