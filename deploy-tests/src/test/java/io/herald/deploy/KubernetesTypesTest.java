package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.deploy.Deploy.Render;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every kustomization renders into valid Kubernetes objects that refer to each other correctly. */
class KubernetesTypesTest {

  @ParameterizedTest
  @EnumSource(Render.class)
  void everyObjectIsItsApiTypeWithNoUnknownField(Render render) {
    List<String> problems = new ArrayList<>();
    for (ObjectNode object : Deploy.render(render)) {
      try {
        StrictTypes.read(object);
      } catch (Exception | AssertionError e) {
        problems.add(Deploy.id(object) + ": " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    assertThat(problems).as(render + ": objects that are not valid API types").isEmpty();
  }

  @Test
  void theStrictReadingRefusesAnUnknownFieldAndAWrongType() throws Exception {
    ObjectNode deployment = Deploy.find(Deploy.render(Render.BASE), "Deployment", "content-service").orElseThrow()
        .deepCopy();
    StrictTypes.read(deployment);
    ObjectNode misspelt = deployment.deepCopy();
    ((ObjectNode) misspelt.at("/spec/template/spec/containers/0")).put("imagePullPolicyy", "Always");
    assertThatThrownBy(() -> StrictTypes.read(misspelt)).hasMessageContaining("imagePullPolicyy");
    ObjectNode wrongType = deployment.deepCopy();
    ((ObjectNode) wrongType.at("/spec")).put("replicas", "two");
    assertThatThrownBy(() -> StrictTypes.read(wrongType)).isNotNull();
    ObjectNode scaled = Deploy.find(Deploy.render(Render.PROD_WITH_COMPONENTS), "ScaledObject", "publisher-worker")
        .orElseThrow().deepCopy();
    StrictTypes.read(scaled);
    ((ObjectNode) scaled.at("/spec/triggers/1/metadata")).put("lagCuont", "5");
    assertThatThrownBy(() -> StrictTypes.read(scaled)).hasMessageContaining("lagCuont");
  }

  @ParameterizedTest
  @EnumSource(Render.class)
  void objectsReferToEachOther(Render render) {
    List<ObjectNode> objects = Deploy.render(render);
    List<String> problems = new ArrayList<>();
    for (ObjectNode object : objects) {
      String id = Deploy.id(object);
      if (!object.path("kind").asText().equals("Namespace")
          && !Deploy.NAMESPACE.equals(object.path("metadata").path("namespace").asText())) {
        problems.add(id + " is not in namespace " + Deploy.NAMESPACE);
      }
    }
    problems.addAll(Deploy.ofKind(objects, "Secret").stream()
        .map(s -> Deploy.id(s) + ": no Secret belongs in the repository (the operator creates herald-secrets)")
        .toList());
    for (ObjectNode deployment : Deploy.ofKind(objects, "Deployment")) {
      String id = Deploy.id(deployment);
      Map<String, String> labels = Deploy.podLabels(deployment);
      Deploy.strings(deployment.at("/spec/selector/matchLabels")).forEach((k, v) -> {
        if (!v.equals(labels.get(k))) {
          problems.add(id + ": selector " + k + "=" + v + " does not match its pod template");
        }
      });
      for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
        Set<String> ports = new java.util.HashSet<>();
        container.path("ports").forEach(p -> ports.add(p.path("name").asText()));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
          JsonNode port = container.path(probe).path("httpGet").path("port");
          if (port.isTextual() && !ports.contains(port.asText())) {
            problems.add(id + ": " + probe + " names port " + port.asText() + " the container does not have");
          }
        }
        JsonNode resources = container.path("resources");
        if (resources.at("/requests/cpu").isMissingNode() || resources.at("/requests/memory").isMissingNode()
            || resources.at("/limits/memory").isMissingNode()) {
          problems.add(id + ": container " + container.path("name").asText()
              + " needs cpu and memory requests and a memory limit");
        }
        for (JsonNode var : container.path("env")) {
          JsonNode secret = var.at("/valueFrom/secretKeyRef");
          if (!secret.isMissingNode() && !secret.path("name").asText().equals("herald-secrets")) {
            problems.add(id + ": env " + var.path("name").asText() + " refers to a Secret other than herald-secrets");
          }
        }
        for (JsonNode from : container.path("envFrom")) {
          String map = from.at("/configMapRef/name").asText(null);
          if (map != null && Deploy.find(objects, "ConfigMap", map).isEmpty()) {
            problems.add(id + ": envFrom names ConfigMap " + map + ", which is not in the manifests");
          }
          String secret = from.at("/secretRef/name").asText(null);
          if (secret != null && !secret.equals("herald-secrets")) {
            problems.add(id + ": envFrom names Secret " + secret + " (only herald-secrets is documented)");
          }
        }
      }
    }
    for (ObjectNode service : Deploy.ofKind(objects, "Service")) {
      Map<String, String> selector = Deploy.strings(service.at("/spec/selector"));
      List<ObjectNode> selected = Deploy.ofKind(objects, "Deployment").stream()
          .filter(d -> Deploy.podLabels(d).entrySet().containsAll(selector.entrySet())).toList();
      if (selected.size() != 1) {
        problems.add(Deploy.id(service) + " selects " + selected.size() + " Deployments, not one");
        continue;
      }
      Set<String> ports = new java.util.HashSet<>();
      Deploy.container(selected.get(0)).path("ports").forEach(p -> {
        ports.add(p.path("name").asText());
        ports.add(p.path("containerPort").asText());
      });
      service.at("/spec/ports").forEach(p -> {
        if (!ports.contains(p.path("targetPort").asText())) {
          problems.add(Deploy.id(service) + ": targetPort " + p.path("targetPort").asText() + " is not a port of "
              + Deploy.id(selected.get(0)));
        }
      });
    }
    for (String kind : List.of("HorizontalPodAutoscaler", "ScaledObject")) {
      for (ObjectNode scaler : Deploy.ofKind(objects, kind)) {
        String target = scaler.at("/spec/scaleTargetRef/name").asText();
        if (Deploy.find(objects, "Deployment", target).isEmpty()) {
          problems.add(Deploy.id(scaler) + " scales " + target + ", which is not a Deployment here");
        }
      }
    }
    for (ObjectNode scaled : Deploy.ofKind(objects, "ScaledObject")) {
      String target = scaled.at("/spec/scaleTargetRef/name").asText();
      if (Deploy.find(objects, "HorizontalPodAutoscaler", target).isPresent()) {
        problems.add(Deploy.id(scaled) + ": KEDA makes its own HPA; the base's HPA for " + target + " must go");
      }
    }
    for (ObjectNode budget : Deploy.ofKind(objects, "PodDisruptionBudget")) {
      Map<String, String> selector = Deploy.strings(budget.at("/spec/selector/matchLabels"));
      List<ObjectNode> selected = Deploy.ofKind(objects, "Deployment").stream()
          .filter(d -> Deploy.podLabels(d).entrySet().containsAll(selector.entrySet())).toList();
      if (selected.size() != 1) {
        problems.add(Deploy.id(budget) + " covers " + selected.size() + " Deployments, not one");
      } else if (budget.at("/spec/minAvailable").asInt(0) >= minReplicas(objects, selected.get(0))) {
        problems.add(Deploy.id(budget) + ": minAvailable leaves no pod of " + Deploy.id(selected.get(0))
            + " to evict (a node drain would block)");
      }
    }
    assertThat(problems).as(render.name()).isEmpty();
  }

  private static int minReplicas(List<ObjectNode> objects, ObjectNode deployment) {
    String name = deployment.at("/metadata/name").asText();
    return Deploy.find(objects, "HorizontalPodAutoscaler", name).map(h -> h.at("/spec/minReplicas").asInt(1))
        .or(() -> Deploy.find(objects, "ScaledObject", name).map(s -> s.at("/spec/minReplicaCount").asInt(0)))
        .orElse(deployment.at("/spec/replicas").asInt(1));
  }

  @ParameterizedTest
  @EnumSource(value = Render.class, names = {"PROD", "PROD_WITH_COMPONENTS"})
  void prodRunsNoDatastoreOrSimulatorAndCallsTheRealPlatforms(Render render) {
    List<ObjectNode> objects = Deploy.render(render);
    assertThat(Deploy.ofKind(objects, "Deployment")).extracting(d -> d.at("/metadata/name").asText())
        .containsExactlyInAnyOrder("auth-service", "content-service", "publisher-worker", "health-aggregator");
    Map<String, String> config = Deploy.strings(Deploy.find(objects, "ConfigMap", "herald-config").orElseThrow()
        .path("data"));
    config.forEach((key, value) -> {
      if (key.startsWith("HERALD_FACEBOOK_") || key.startsWith("HERALD_TIKTOK_")) {
        assertThat(value).as(key).doesNotContain("simulator").doesNotStartWith("http:");
      }
    });
    assertThat(config).doesNotContainKey("HERALD_OUTBOUND_ALLOW");
  }
}
