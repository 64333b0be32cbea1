package io.herald.health.probe;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.health.config.HealthConfig;
import io.herald.health.config.Target;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Probes targets over HTTP, without blocking: a service's {@code /q/health} (and {@code /q/metrics} for its resources),
 * a platform's base URL for reachability. Every request has the configured timeout; failures become DOWN probes.
 */
@ApplicationScoped
public class ProbeClient {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ObjectMapper json;
  private final Duration timeout;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient http;

  ProbeClient(ObjectMapper json, HealthConfig config) {
    this.json = json;
    this.timeout = config.timeout();
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(executor)
        .build();
  }

  @PreDestroy
  void close() {
    http.shutdownNow();
    executor.shutdownNow();
  }

  /** Probes one target; the future always completes normally. */
  public CompletableFuture<Probe> probe(Target target, Instant at) {
    return target.kind() == Target.Kind.SERVICE ? probeService(target, at) : probePlatform(target, at);
  }

  private CompletableFuture<Probe> probeService(Target target, Instant at) {
    long start = System.nanoTime();
    CompletableFuture<Probe> health = send(path(target, "/q/health"), "application/json")
        .handle((response, failure) -> {
          long latency = elapsedMs(start);
          if (failure != null) {
            return down(target, at, latency, describe(failure));
          }
          return fromHealthBody(target, at, latency, response);
        });
    CompletableFuture<Resources> resources = send(path(target, "/q/metrics"), "text/plain")
        .handle((response, failure) -> failure == null && response.statusCode() == 200
            ? PrometheusText.resources(response.body())
            : Resources.NONE);
    return health.thenCombine(resources, (probe, res) -> new Probe(
        probe.target(), probe.at(), probe.status(), probe.latencyMs(), probe.error(), probe.checks(), res));
  }

  private CompletableFuture<Probe> probePlatform(Target target, Instant at) {
    long start = System.nanoTime();
    return send(target.baseUrl(), "*/*").handle((response, failure) -> {
      long latency = elapsedMs(start);
      if (failure != null) {
        return down(target, at, latency, describe(failure));
      }
      var check = new CheckResult("reachability", Status.UP, Map.of("httpStatus", response.statusCode()));
      return new Probe(target, at, Status.UP, latency, null, List.of(check), Resources.NONE);
    });
  }

  private Probe fromHealthBody(Target target, Instant at, long latency, HttpResponse<String> response) {
    int code = response.statusCode();
    if (code != 200 && code != 503) {
      return down(target, at, latency, "unexpected answer HTTP " + code + " from /q/health");
    }
    try {
      JsonNode body = json.readTree(response.body());
      if (body == null || !body.hasNonNull("status")) {
        return down(target, at, latency, "HTTP " + code + " without a health status in the body");
      }
      var checks = new ArrayList<CheckResult>();
      for (JsonNode check : body.path("checks")) {
        Map<String, Object> data = check.has("data") ? json.convertValue(check.get("data"), MAP) : Map.of();
        checks.add(new CheckResult(
            check.path("name").asText("unnamed"), Status.of(check.path("status").asText()), data));
      }
      Status status = code == 200 ? Status.of(body.get("status").asText()) : Status.DOWN;
      return new Probe(target, at, status, latency, null, List.copyOf(checks), Resources.NONE);
    } catch (IOException | IllegalArgumentException e) {
      return down(target, at, latency, "HTTP " + code + " with a body that is not SmallRye Health JSON");
    }
  }

  private CompletableFuture<HttpResponse<String>> send(URI uri, String accept) {
    var request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", accept).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private static URI path(Target target, String path) {
    return target.baseUrl().resolve(target.baseUrl().getPath() + path);
  }

  private static Probe down(Target target, Instant at, long latency, String error) {
    return new Probe(target, at, Status.DOWN, latency, error, List.of(), Resources.NONE);
  }

  private String describe(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof HttpConnectTimeoutException) {
      return "no connection within " + timeout.toMillis() + " ms";
    }
    if (cause instanceof HttpTimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    if (cause instanceof ConnectException) {
      return "connection refused";
    }
    return "unreachable (" + cause.getClass().getSimpleName() + ")";
  }

  private static long elapsedMs(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }
}
