package io.herald.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The repository's deploy/ tree: the kustomizations, rendered once per test run by {@code kubectl kustomize}. */
final class Deploy {
  static final ObjectMapper YAML = new YAMLMapper();
  static final Path ROOT = Path.of(System.getProperty("herald.repo.root", "..")).toAbsolutePath().normalize();
  static final Path DEPLOY = ROOT.resolve("deploy");
  static final String NAMESPACE = "herald";
  /** The Herald services: each a Maven module of the same name and a Deployment/container of that name. */
  static final List<String> SERVICES = List.of("auth-service", "content-service", "publisher-worker",
      "health-aggregator", "platform-simulator");

  /**
   * Every way the manifests are meant to be applied: the base, the two overlays, and each overlay with the optional
   * components (rendered through a kustomization written under target/, which only names the others).
   */
  enum Render {
    BASE("deploy/k8s/base"),
    DEV("deploy/k8s/overlays/dev"),
    PROD("deploy/k8s/overlays/prod"),
    DEV_WITH_COMPONENTS(null),
    PROD_WITH_COMPONENTS(null);

    final String dir;

    Render(String dir) {
      this.dir = dir;
    }

    boolean dev() {
      return this == DEV || this == DEV_WITH_COMPONENTS;
    }
  }

  private static final Map<Render, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();

  private Deploy() {}

  static List<ObjectNode> render(Render render) {
    return RENDERED.computeIfAbsent(render, Deploy::kustomize);
  }

  private static List<ObjectNode> kustomize(Render render) {
    Path dir;
    if (render.dir != null) {
      dir = ROOT.resolve(render.dir);
    } else {
      String overlay = render == Render.DEV_WITH_COMPONENTS ? "dev" : "prod";
      dir = ROOT.resolve("deploy-tests/target/kustomize/" + overlay + "-with-components");
      String up = "../../../../deploy/k8s/";
      write(dir.resolve("kustomization.yaml"), """
          apiVersion: kustomize.config.k8s.io/v1beta1
          kind: Kustomization
          resources: [%soverlays/%s]
          components: [%scomponents/keda, %scomponents/prometheus-operator]
          """.formatted(up, overlay, up, up));
    }
    return parseAll(kubectl("kustomize", dir.toString()));
  }

  static String kubectl(String... args) {
    List<String> command = new ArrayList<>();
    command.add("kubectl");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed: " + err);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError("deploy-tests need kubectl (with kustomize) on the PATH: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static List<ObjectNode> parseAll(String yaml) {
    List<ObjectNode> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(yaml)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode node = it.next();
        if (node != null && node.isObject()) {
          docs.add((ObjectNode) node);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  static JsonNode readYaml(Path path) {
    try {
      return YAML.readTree(path.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path path, String text) {
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String id(JsonNode object) {
    return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
  }

  static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  static Optional<ObjectNode> find(List<ObjectNode> objects, String kind, String name) {
    return ofKind(objects, kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText()))
        .findFirst();
  }

  static JsonNode container(ObjectNode deployment) {
    return deployment.path("spec").path("template").path("spec").path("containers").path(0);
  }

  /** The labels of a Deployment's pods. */
  static Map<String, String> podLabels(ObjectNode deployment) {
    return strings(deployment.path("spec").path("template").path("metadata").path("labels"));
  }

  static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  /**
   * A container's environment as the pod gets it: the ConfigMaps' keys (envFrom), then its own env. A value from a
   * Secret is {@code <secret:name/key>}; a whole Secret in envFrom adds no known keys (the operator creates it).
   */
  static Map<String, String> environment(List<ObjectNode> objects, JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode from : container.path("envFrom")) {
      if (from.has("configMapRef")) {
        String name = from.path("configMapRef").path("name").asText();
        ObjectNode map = find(objects, "ConfigMap", name)
            .orElseThrow(() -> new AssertionError("envFrom names a ConfigMap not in the manifests: " + name));
        env.putAll(strings(map.path("data")));
      }
    }
    for (JsonNode var : container.path("env")) {
      JsonNode secret = var.path("valueFrom").path("secretKeyRef");
      env.put(var.path("name").asText(), secret.isMissingNode() ? var.path("value").asText()
          : "<secret:" + secret.path("name").asText() + "/" + secret.path("key").asText() + ">");
    }
    return env;
  }
}
