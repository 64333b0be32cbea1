package io.herald.common.problem;

import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request body of unknown length (sent in chunks: JSON, a form) counted against the service's body limit as it is
 * read: past the limit, reading stops with a 413 {@code body-too-large} problem and the connection is closed, the same
 * answer {@link BodyLimit} gives a body that declares a length over the limit. Quarkus REST's own reader would end the
 * response itself, with no body, so its limit is taken away from these bodies and this count stands in for it.
 *
 * <p>A request filter, so it runs after the security check and before anything reads the body (the JSON reader, the
 * form parser): a request without a valid token is refused before its body is read, however long the body. Only on
 * a blocking endpoint (every Herald endpoint that takes a body); a non-blocking one reads its body on the event loop,
 * where Quarkus's own limit stays.
 */
public class ChunkedBodyLimit {
  /** Where Quarkus leaves the limit for its own reader of a body of unknown length (a bare 413 past it). */
  private static final String QUARKUS_LIMIT_KEY = "io.quarkus.max-request-size";

  private final long max;

  ChunkedBodyLimit(@ConfigProperty(name = BodyLimit.LIMIT, defaultValue = BodyLimit.LIMIT_DEFAULT) MemorySize limit) {
    this.max = limit.asLongValue();
  }

  @ServerRequestFilter
  public void countBodyOfUnknownLength(ContainerRequestContext request, RoutingContext routing) {
    if (routing.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)
        && routing.get(QUARKUS_LIMIT_KEY) != null && BlockingOperationControl.isBlockingAllowed()) {
      routing.remove(QUARKUS_LIMIT_KEY); // before the entity stream exists: it reads the key when it is made
      request.setEntityStream(new Bounded(request.getEntityStream(), max));
    }
  }

  /** Thrown past the limit: an {@link IOException}, so that Jackson passes it on instead of wrapping it. */
  public static final class TooLarge extends IOException {
    private final transient ProblemException problem;

    TooLarge(long max) {
      this(BodyLimit.tooLarge(max));
    }

    private TooLarge(ProblemException problem) {
      super(problem.getMessage());
      this.problem = problem;
    }

    ProblemException problem() {
      return problem;
    }
  }

  private static final class Bounded extends FilterInputStream {
    private final long max;
    private long count;

    Bounded(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    private void counted(int n) throws TooLarge {
      count += n;
      if (count > max) {
        throw new TooLarge(max);
      }
    }
  }
}
