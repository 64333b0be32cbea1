package io.herald.common.problem;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A JSON request body of unknown length (sent in chunks) counted against the service's body limit as it is read:
 * past the limit, reading stops with a 413 {@code body-too-large} problem and the connection is closed, the same
 * answer {@link BodyLimit} gives a body that declares a length over the limit. Quarkus REST's own reader would end the
 * response itself, with no body; {@link BodyLimit} takes that limit away from it for these bodies.
 *
 * <p>Counting while reading (not ahead of the resource method) keeps the order of the checks: a request without a
 * valid token is refused before its body is read, however long the body.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
public class ChunkedBodyLimit implements ReaderInterceptor {
  private final long max;

  ChunkedBodyLimit(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
    this.max = limit.asLongValue();
  }

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    if (context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH) == null
        && BodyLimit.isJson(context.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE))) {
      context.setInputStream(new Bounded(context.getInputStream(), max));
    }
    return context.proceed();
  }

  /** Thrown past the limit: an {@link IOException}, so that Jackson passes it on instead of wrapping it. */
  public static final class TooLarge extends IOException {
    TooLarge(long max) {
      super(BodyLimit.detail(max));
    }

    ProblemException problem() {
      return new ProblemException(413, "body-too-large", "Content Too Large", getMessage(), List.of(),
          Map.of("Connection", "close"));
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
