package io.herald.health.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * Plays the watched Herald services (SmallRye-Health-shaped answers under {@code /<name>/q/health}, Prometheus text
 * under {@code /<name>/q/metrics}), a reachable platform, an unreachable one (a closed port) and the alert receivers,
 * all on one WireMock server. Init arg {@code services}: the comma-separated service names to configure.
 */
public class WatchedServices implements QuarkusTestResourceLifecycleManager {
  private static WireMockServer server;
  private String services = "";

  @Override
  public void init(Map<String, String> initArgs) {
    services = initArgs.getOrDefault("services", "");
  }

  @Override
  public Map<String, String> start() {
    server = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(30));
    server.start();
    String base = "http://localhost:" + server.port();
    var targets = new StringBuilder();
    for (String name : services.split(",")) {
      if (!targets.isEmpty()) {
        targets.append(',');
      }
      targets.append(name).append('=').append(base).append('/').append(name);
    }
    server.stubFor(get(urlEqualTo("/graph")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"message\":\"Unsupported get request.\",\"type\":\"GraphMethodException\","
            + "\"code\":100}}")));
    var config = new HashMap<String, String>();
    config.put("herald.health.targets", targets.toString());
    config.put("herald.health.platforms", "facebook=" + base + "/graph,tiktok=http://127.0.0.1:" + closedPort());
    config.put("herald.health.alert-webhooks", base + "/hooks/json,slack=" + base + "/hooks/slack/T000/B000/XXXX");
    return config;
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  public static WireMockServer wireMock() {
    return server;
  }

  /** The service answers its health probe with {@code status} and this body. */
  public static void health(String service, int status, String body) {
    server.stubFor(get(urlEqualTo("/" + service + "/q/health")).willReturn(aResponse()
        .withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
  }

  public static void up(String service) {
    health(service, 200, HealthBodies.up());
  }

  /** The service answers 503 with one DOWN check. */
  public static void down(String service, String failedCheck) {
    health(service, 503, HealthBodies.down(failedCheck));
  }

  /** The connection is reset before any answer. */
  public static void unreachable(String service) {
    server.stubFor(get(urlEqualTo("/" + service + "/q/health"))
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
  }

  public static void slow(String service, int delayMs) {
    server.stubFor(get(urlEqualTo("/" + service + "/q/health")).willReturn(aResponse()
        .withStatus(200).withHeader("Content-Type", "application/json").withBody(HealthBodies.up())
        .withFixedDelay(delayMs)));
  }

  public static void metrics(String service, String text) {
    server.stubFor(get(urlEqualTo("/" + service + "/q/metrics")).willReturn(aResponse()
        .withStatus(200).withHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").withBody(text)));
  }

  private static int closedPort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
