package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.common.stream.Priority;
import io.herald.common.stream.StreamKeys;
import io.herald.deploy.Deploy.Render;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The manifests say what the code does: ports, probes, configuration keys, shutdown budget, stream names. */
class ManifestsAgreeWithCodeTest {
  private static final Map<String, String> PROBE_PATHS = Map.of("startupProbe", "/q/health/started",
      "livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready");

  static List<ObjectNode> heraldDeployments(List<ObjectNode> objects) {
    return Deploy.ofKind(objects, "Deployment").stream()
        .filter(d -> Deploy.SERVICES.contains(d.at("/metadata/name").asText())).toList();
  }

  @ParameterizedTest
  @EnumSource(Render.class)
  void portsAndProbesAreTheServicesOwn(Render render) {
    List<ObjectNode> objects = Deploy.render(render);
    List<String> problems = new ArrayList<>();
    for (ObjectNode deployment : heraldDeployments(objects)) {
      String name = deployment.at("/metadata/name").asText();
      ServiceCode code = ServiceCode.of(name);
      JsonNode container = Deploy.container(deployment);
      assertThat(container.path("name").asText()).isEqualTo(name);
      Map<String, String> env = Deploy.environment(objects, container);
      String port = code.resolve("quarkus.http.port", env);
      int httpPort = -1;
      for (JsonNode p : container.path("ports")) {
        if (p.path("name").asText().equals("http")) {
          httpPort = p.path("containerPort").asInt();
        }
      }
      if (!String.valueOf(httpPort).equals(port)) {
        problems.add(name + ": the container's http port is " + httpPort + " but the service listens on " + port);
      }
      for (String key : List.of("quarkus.management.enabled", "quarkus.http.root-path",
          "quarkus.smallrye-health.root-path", "quarkus.micrometer.export.prometheus.path")) {
        if (code.resolve(key, env) != null) {
          problems.add(name + ": " + key + " moves the endpoints the probes or the scrape use; update the manifests");
        }
      }
      if (!code.hasExtension("quarkus-smallrye-health")) {
        problems.add(name + " has no health endpoints (quarkus-smallrye-health)");
      }
      PROBE_PATHS.forEach((probe, path) -> {
        JsonNode get = container.path(probe).path("httpGet");
        if (get.isMissingNode()) {
          problems.add(name + ": no " + probe);
        } else if (!get.path("path").asText().equals(path) || !get.path("port").asText().equals("http")) {
          problems.add(name + ": " + probe + " should GET " + path + " on port http, not "
              + get.path("path").asText() + " on " + get.path("port").asText());
        }
      });
      JsonNode annotations = deployment.at("/spec/template/metadata/annotations");
      if (annotations.path("prometheus.io/scrape").asText().equals("true")) {
        if (!annotations.path("prometheus.io/path").asText("/metrics").equals("/q/metrics")
            || !code.hasExtension("quarkus-micrometer-registry-prometheus")) {
          problems.add(name + ": scraped at " + annotations.path("prometheus.io/path").asText()
              + " but serves Prometheus metrics at /q/metrics only with quarkus-micrometer-registry-prometheus");
        }
      }
      Deploy.find(objects, "Service", name).ifPresentOrElse(service -> {
        for (JsonNode p : service.at("/spec/ports")) {
          if (!p.path("targetPort").asText().equals("http")) {
            problems.add(name + ": its Service targets " + p.path("targetPort").asText() + ", not the http port");
          }
        }
      }, () -> problems.add(name + " has no Service"));
    }
    assertThat(problems).as(render.name()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Render.class)
  void everyEnvironmentVariableIsAConfigKeyTheServiceReads(Render render) {
    List<ObjectNode> objects = Deploy.render(render);
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> configMapReaders = new java.util.HashMap<>();
    for (ObjectNode deployment : heraldDeployments(objects)) {
      String name = deployment.at("/metadata/name").asText();
      ServiceCode code = ServiceCode.of(name);
      JsonNode container = Deploy.container(deployment);
      for (JsonNode var : container.path("env")) {
        String env = var.path("name").asText();
        if (code.reads(env).isEmpty()) {
          problems.add(name + " is given " + env + " but reads no such configuration key");
        }
      }
      for (JsonNode from : container.path("envFrom")) {
        String map = from.at("/configMapRef/name").asText(null);
        if (map != null) {
          Deploy.strings(Deploy.find(objects, "ConfigMap", map).orElseThrow().path("data")).keySet()
              .forEach(key -> {
                configMapReaders.computeIfAbsent(map + "/" + key, k -> new LinkedHashSet<>());
                if (code.reads(key).isPresent()) {
                  configMapReaders.get(map + "/" + key).add(name);
                }
              });
        }
      }
    }
    configMapReaders.forEach((key, readers) -> {
      if (readers.isEmpty()) {
        problems.add("ConfigMap key " + key + " is read by none of the services that load it");
      }
    });
    assertThat(problems).as(render.name()).isEmpty();
  }

  /** The keys of herald-secrets (as overlays/dev/secrets.sh makes them) are each read by a service. */
  @Test
  void everySecretKeyIsRead() {
    List<ObjectNode> objects = Deploy.render(Render.DEV);
    List<String> problems = new ArrayList<>();
    for (String key : secretKeys()) {
      boolean read = false;
      for (ObjectNode deployment : Deploy.ofKind(objects, "Deployment")) {
        String name = deployment.at("/metadata/name").asText();
        JsonNode container = Deploy.container(deployment);
        for (JsonNode var : container.path("env")) {
          read |= key.equals(var.at("/valueFrom/secretKeyRef/key").asText());
        }
        boolean loadsAll = false;
        for (JsonNode from : container.path("envFrom")) {
          loadsAll |= "herald-secrets".equals(from.at("/secretRef/name").asText());
        }
        read |= loadsAll && Deploy.SERVICES.contains(name) && ServiceCode.of(name).reads(key).isPresent();
      }
      if (!read) {
        problems.add("herald-secrets key " + key + " is read by no service");
      }
    }
    assertThat(problems).isEmpty();
  }

  static List<String> secretKeys() {
    Matcher key = Pattern.compile("--from-(?:literal|file)=([A-Z0-9_]+)=")
        .matcher(Deploy.read(Deploy.DEPLOY.resolve("k8s/overlays/dev/secrets.sh")));
    List<String> keys = new ArrayList<>();
    while (key.find()) {
      keys.add(key.group(1));
    }
    assertThat(keys).isNotEmpty();
    return keys;
  }

  @ParameterizedTest
  @EnumSource(Render.class)
  void theWorkerHasTimeToFinishItsInFlightJobs(Render render) {
    List<ObjectNode> objects = Deploy.render(render);
    ObjectNode worker = Deploy.find(objects, "Deployment", "publisher-worker").orElseThrow();
    Map<String, String> env = Deploy.environment(objects, Deploy.container(worker));
    String text = Deploy.read(Deploy.ROOT.resolve(
        "publisher-worker/src/main/java/io/herald/publisher/config/PublisherConfig.java"));
    Matcher declared = Pattern.compile("@WithDefault\\(\"([^\"]+)\"\\)\\s*Duration shutdownGrace\\(\\)").matcher(text);
    assertThat(declared.find()).as("PublisherConfig.shutdownGrace() and its default").isTrue();
    String grace = env.getOrDefault("HERALD_PUBLISHER_SHUTDOWN_GRACE", declared.group(1));
    Duration shutdownGrace = Duration.parse("PT" + grace.toUpperCase(java.util.Locale.ROOT).replace("PT", ""));
    long period = worker.at("/spec/template/spec/terminationGracePeriodSeconds").asLong(30);
    // Quarkus stops HTTP and the other loops after the consumer: 10 s of margin on top of the jobs' grace.
    assertThat(period).as("terminationGracePeriodSeconds vs herald.publisher.shutdown-grace " + grace)
        .isGreaterThanOrEqualTo(shutdownGrace.toSeconds() + 10);
  }

  @Test
  void kedaWatchesTheStreamsAndTheGroupTheWorkerReads() {
    Set<String> streams = new java.util.TreeSet<>();
    for (Priority priority : Priority.values()) {
      streams.add(priority.streamKey());
    }
    List<ObjectNode> objects = Deploy.render(Render.DEV_WITH_COMPONENTS);
    ObjectNode scaled = Deploy.find(objects, "ScaledObject", "publisher-worker").orElseThrow();
    Set<String> watched = new java.util.TreeSet<>();
    Map<String, String> env = Deploy.environment(objects,
        Deploy.container(Deploy.find(objects, "Deployment", "publisher-worker").orElseThrow()));
    String redisHost = env.get("QUARKUS_REDIS_HOSTS").replaceFirst("^rediss?://", "").replaceFirst("/.*$", "");
    for (JsonNode trigger : scaled.at("/spec/triggers")) {
      if (trigger.path("type").asText().equals("redis-streams")) {
        watched.add(trigger.at("/metadata/stream").asText());
        assertThat(trigger.at("/metadata/consumerGroup").asText()).isEqualTo(StreamKeys.PUBLISHERS_GROUP);
        // KEDA's operator runs in its own namespace: the worker's short name, qualified.
        String[] hostPort = redisHost.split(":");
        assertThat(trigger.at("/metadata/address").asText())
            .isIn(redisHost, hostPort[0] + "." + Deploy.NAMESPACE + ".svc.cluster.local:" + hostPort[1]);
      }
    }
    assertThat(watched).isEqualTo(streams);
  }
}
