package io.herald.common.delivery;

import io.smallrye.mutiny.TimeoutException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import java.time.Duration;

/**
 * Sends outgoing deliveries with the Vert.x web client (so the HTTP client metrics come with it). Every attempt is
 * bounded by one total deadline, connection, answer and body together, so an endpoint that accepts and never answers,
 * or trickles its answer, costs at most that long. Redirects are not followed. It never throws: what went wrong is in
 * the {@link Attempt}.
 */
public final class DeliveryClient implements AutoCloseable {
  private final WebClient client;
  private final Duration deadline;
  private final OutboundAddresses guard;

  /** For addresses an operator configured (alert hooks): sent wherever they point. */
  public DeliveryClient(Vertx vertx, Duration deadline) {
    this(vertx, deadline, null);
  }

  /**
   * For addresses a tenant chose (webhook endpoints): each attempt resolves and checks the address through
   * {@code guard} and connects to the address it checked.
   */
  public DeliveryClient(Vertx vertx, Duration deadline, OutboundAddresses guard) {
    this.deadline = deadline;
    this.guard = guard;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, deadline.toMillis()))
        .setFollowRedirects(false)
        .setUserAgent("Herald/1"));
  }

  public Attempt post(OutgoingRequest request) {
    try {
      String url = request.url().toString();
      var http = (guard == null ? client.requestAbs(HttpMethod.POST, url)
          : client.requestAbs(HttpMethod.POST, SocketAddress.newInstance(guard.resolve(request.url()).server()), url))
          .as(BodyCodec.none());
      request.headers().forEach(http::putHeader);
      HttpResponse<Void> response = http.sendBuffer(Buffer.buffer(request.body()))
          .ifNoItem().after(deadline).fail()
          .await().atMost(deadline.plusSeconds(1));
      int status = response.statusCode();
      return status >= 200 && status < 300 ? new Attempt(status, null) : new Attempt(status, "HTTP " + status);
    } catch (OutboundAddresses.Refused e) {
      return new Attempt(null, e.getMessage());
    } catch (TimeoutException e) {
      return new Attempt(null, "no answer within " + deadline.toMillis() + " ms");
    } catch (RuntimeException e) {
      return new Attempt(null, "unreachable (" + rootCause(e).getClass().getSimpleName() + ")");
    }
  }

  @Override
  public void close() {
    client.close();
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
