package io.herald.publisher.facebook;

import static java.time.temporal.ChronoUnit.SECONDS;

import io.herald.publisher.publish.PlatformResponse;
import io.herald.publisher.publish.PlatformServerError;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Every call to the Graph API goes through {@link #call}, behind the one circuit breaker named {@code facebook} and
 * a timeout. 5xx answers, timeouts and network errors count as failures; answers below 500 are returned as they are.
 */
@ApplicationScoped
public class FacebookClient {
  /** Both Graph hosts. */
  public record Graph(GraphRestClient graph, GraphVideoRestClient video) {}

  private final Graph graph;

  FacebookClient(@RestClient GraphRestClient graph, @RestClient GraphVideoRestClient video) {
    this.graph = new Graph(graph, video);
  }

  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = SECONDS)
  @CircuitBreakerName("facebook")
  @Timeout(value = 10, unit = SECONDS)
  public PlatformResponse call(Function<Graph, Response> request) {
    PlatformResponse response;
    try {
      response = PlatformResponse.read(request.apply(graph));
    } catch (WebApplicationException e) {
      response = PlatformResponse.read(e.getResponse());
    }
    if (response.status() >= 500) {
      throw new PlatformServerError(response);
    }
    return response;
  }
}
