package io.herald.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each service's request body limit ({@code quarkus.http.limits.max-body-size}, set per service to what its API
 * needs), answered as a 413 problem: before the body is read when the request declares its length, and as soon as a
 * JSON body sent in chunks grows past it.
 *
 * <p>A JSON body within the limit of an authenticated request is read whole here, on the event loop, before
 * it reaches its resource method. Every JSON endpoint is blocking, and Quarkus REST otherwise hands a blocking method's
 * body to its worker thread through a stream the event loop fills chunk by chunk, each hand-over a lock and a wake-up:
 * content-service's CPU per create fell from 0.96 to 0.58 ms when the body was read ahead (docs/benchmarks.md, "The
 * create path"). A body read ahead is served from memory. Other bodies (forms, uploads) are left to their readers, and
 * so are HTTP/2 requests: Quarkus REST pauses every request it takes, and an HTTP/2 request whose body has been read
 * refuses to be paused.
 */
@ApplicationScoped
public class BodyLimit {
  /**
   * Right after Quarkus's authentication and authorization filters (routes ordered by minus their priority), which
   * leave the caller's identity to be resolved: only an authenticated request's body is read ahead, so no one without
   * a valid token makes a service hold a body, and a request refused for want of one is answered before its body is
   * read, as before. {@code herald.http.read-ahead-anonymous=true} reads every JSON body ahead: for the platform
   * simulator, whose callers carry the platforms' tokens, not Herald's.
   */
  static final int READ_AHEAD_ORDER = -SecurityHandlerPriorities.AUTHORIZATION + 1;

  void install(@Observes Router router, ObjectMapper json,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit,
      @ConfigProperty(name = "herald.http.read-ahead-anonymous", defaultValue = "false") boolean readAheadAnonymous) {
    long max = limit.asLongValue();
    router.route().order(Integer.MIN_VALUE).handler(context -> {
      String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
      if (declared != null && isLonger(declared, max)) {
        tooLarge(context, json, max);
      } else {
        context.next();
      }
    }).failureHandler(context -> {
      if (context.statusCode() == 413 && !context.response().headWritten()) {
        tooLarge(context, json, max);
      } else {
        context.next();
      }
    });
    BodyHandler readWhole = BodyHandler.create(false).setBodyLimit(max).setPreallocateBodyBuffer(true);
    router.route().order(READ_AHEAD_ORDER).handler(context -> {
      Uni<SecurityIdentity> caller = context.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
      if (caller == null || !isJson(context.request()) || context.request().version() == HttpVersion.HTTP_2) {
        context.next();
        return;
      }
      if (readAheadAnonymous) {
        readWhole.handle(context);
        return;
      }
      // Authentication is lazy (quarkus.http.auth.proactive=false) and memoized: resolving it here costs nothing
      // more, and the resource's own check later finds the same answer (a refusal still answers 401 there).
      Context loop = Vertx.currentContext();
      caller.subscribe().with(
          identity -> loop.runOnContext(v -> {
            if (identity != null && !identity.isAnonymous()) {
              readWhole.handle(context); // calls next() once the whole body has arrived, fails with 413 past it
            } else {
              context.next();
            }
          }),
          refused -> loop.runOnContext(v -> context.next()));
    });
  }

  private static void tooLarge(RoutingContext context, ObjectMapper json, long max) {
    var problem = new Problem(Problem.type("body-too-large"), "Content Too Large", 413,
        "The request body is larger than " + max + " bytes", context.request().path(), List.of(), null);
    try {
      context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
          .putHeader(HttpHeaders.CONNECTION, "close").end(json.writeValueAsString(problem));
    } catch (JsonProcessingException e) {
      context.response().setStatusCode(413).putHeader(HttpHeaders.CONNECTION, "close").end();
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

  private static boolean isLonger(String declared, long max) {
    try {
      return Long.parseLong(declared.strip()) > max;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
