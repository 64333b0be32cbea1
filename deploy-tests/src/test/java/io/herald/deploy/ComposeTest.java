package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.herald.deploy.Deploy.Render;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose/docker-compose.yml runs what the Kubernetes dev overlay runs: for every Deployment a compose service
 * of the same name with the same image, container port, environment keys (herald.env is the ConfigMap, secrets.sh
 * writes the Secret's keys), command/args and memory limit.
 */
class ComposeTest {
  private static final Path COMPOSE = Deploy.DEPLOY.resolve("compose");

  @Test
  void composeRunsWhatTheDevOverlayRuns() {
    List<ObjectNode> objects = Deploy.render(Render.DEV);
    JsonNode services = Deploy.readYaml(COMPOSE.resolve("docker-compose.yml")).path("services");
    Map<String, String> sharedConfig = envFile("herald.env");
    List<String> problems = new ArrayList<>();
    Set<String> deployments = new TreeSet<>();
    for (ObjectNode deployment : Deploy.ofKind(objects, "Deployment")) {
      String name = deployment.at("/metadata/name").asText();
      deployments.add(name);
      JsonNode service = services.path(name);
      if (service.isMissingNode()) {
        problems.add("compose has no service " + name);
        continue;
      }
      JsonNode container = Deploy.container(deployment);
      if (!container.path("image").asText().equals(service.path("image").asText())) {
        problems.add(name + ": image " + service.path("image").asText() + " in compose, "
            + container.path("image").asText() + " in the manifests");
      }
      List<String> command = new ArrayList<>();
      container.path("args").forEach(a -> command.add(a.asText()));
      List<String> composeCommand = new ArrayList<>();
      service.path("command").forEach(a -> composeCommand.add(a.asText()));
      if (!command.equals(composeCommand)) {
        problems.add(name + ": compose's command " + composeCommand + " is not the container's args " + command);
      }
      Set<Integer> published = new TreeSet<>();
      service.path("ports").forEach(p -> published.add(Integer.parseInt(p.asText().replaceAll("^.*:", ""))));
      Set<Integer> containerPorts = new TreeSet<>();
      container.path("ports").forEach(p -> containerPorts.add(p.path("containerPort").asInt()));
      if (!published.isEmpty() && !published.equals(containerPorts)) {
        problems.add(name + ": compose publishes " + published + ", the container listens on " + containerPorts);
      }
      if (Deploy.SERVICES.contains(name) && published.isEmpty()) {
        problems.add(name + ": compose publishes none of its ports");
      }
      Set<String> kubernetesKeys = new TreeSet<>(Deploy.environment(objects, container).keySet());
      for (JsonNode from : container.path("envFrom")) {
        if ("herald-secrets".equals(from.at("/secretRef/name").asText())) {
          kubernetesKeys.addAll(ManifestsAgreeWithCodeTest.secretKeys());
        }
      }
      Set<String> composeKeys = new TreeSet<>();
      service.path("environment").fieldNames().forEachRemaining(composeKeys::add);
      for (JsonNode file : service.path("env_file")) {
        if (file.asText().equals("herald.env")) {
          composeKeys.addAll(sharedConfig.keySet());
        } else {
          composeKeys.addAll(generatedKeys(file.asText()));
        }
      }
      if (!composeKeys.equals(kubernetesKeys)) {
        Set<String> onlyCompose = new TreeSet<>(composeKeys);
        onlyCompose.removeAll(kubernetesKeys);
        Set<String> onlyKubernetes = new TreeSet<>(kubernetesKeys);
        onlyKubernetes.removeAll(composeKeys);
        problems.add(name + ": environment keys only in compose " + onlyCompose + ", only in the manifests "
            + onlyKubernetes);
      }
      String limit = container.at("/resources/limits/memory").asText();
      if (!limit.isEmpty() && bytes(limit) != bytes(service.path("mem_limit").asText("0"))) {
        problems.add(name + ": mem_limit " + service.path("mem_limit").asText() + ", the manifests' limit " + limit);
      }
    }
    Set<String> composeServices = new TreeSet<>();
    services.fieldNames().forEachRemaining(composeServices::add);
    assertThat(composeServices).as("compose's services").isEqualTo(deployments);
    assertThat(problems).isEmpty();
  }

  /**
   * The compose file is valid under the Compose Specification (its JSON schema, draft-07, copied from
   * github.com/compose-spec/compose-spec schema/compose-spec.json at 170098b, Apache-2.0): unknown keys and wrong
   * types fail, as {@code docker compose config} would refuse them.
   */
  @Test
  void composeFollowsTheComposeSpecification() throws Exception {
    JsonSchema schema;
    try (var in = ComposeTest.class.getResourceAsStream("/compose-spec.json")) {
      ObjectNode spec = (ObjectNode) Deploy.YAML.readTree(in);
      spec.put("$id", "https://example.invalid/compose-spec.json"); // the file's relative $id is not a URI
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(spec);
    }
    JsonNode compose = Deploy.readYaml(COMPOSE.resolve("docker-compose.yml"));
    assertThat(schema.validate(compose)).as("docker-compose.yml against the Compose Specification").isEmpty();
    ObjectNode broken = compose.deepCopy();
    ((ObjectNode) broken.at("/services/redis")).put("mem_limt", "1g");
    assertThat(schema.validate(broken)).as("a misspelt key fails").isNotEmpty();
  }

  @Test
  void heraldEnvIsTheDevConfigMap() {
    ObjectNode config = Deploy.find(Deploy.render(Render.DEV), "ConfigMap", "herald-config").orElseThrow();
    assertThat(envFile("herald.env")).isEqualTo(Deploy.strings(config.path("data")));
  }

  @Test
  void theComposeSecretsAreTheSecretsKeys() {
    assertThat(generatedKeys("secrets.env")).containsExactlyInAnyOrderElementsOf(
        ManifestsAgreeWithCodeTest.secretKeys());
    assertThat(generatedKeys("content.env")).containsExactly("HERALD_CRYPTO_KEYS");
    assertThat(Deploy.read(COMPOSE.resolve(".gitignore")).lines())
        .contains("secrets.env", "postgres.env", "content.env");
  }

  /** The keys secrets.sh writes into one of its files (a here-document or an echo into that file). */
  static List<String> generatedKeys(String file) {
    String script = Deploy.read(COMPOSE.resolve("secrets.sh"));
    List<String> keys = new ArrayList<>();
    Matcher heredoc = Pattern.compile("cat > " + Pattern.quote(file) + " <<ENV\n(.*?)\nENV", Pattern.DOTALL)
        .matcher(script);
    if (heredoc.find()) {
      heredoc.group(1).lines().forEach(l -> keys.add(l.substring(0, l.indexOf('='))));
    }
    Matcher echo = Pattern.compile("echo \"([A-Z0-9_]+)=[^\"]*\" > " + Pattern.quote(file)).matcher(script);
    while (echo.find()) {
      keys.add(echo.group(1));
    }
    assertThat(keys).as("keys secrets.sh writes to " + file).isNotEmpty();
    return keys;
  }

  static Map<String, String> envFile(String file) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Deploy.read(COMPOSE.resolve(file)).lines().toList()) {
      if (!line.isBlank() && !line.startsWith("#")) {
        env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    return env;
  }

  /** Kubernetes quantities (Mi, Gi) and compose sizes (m, g: binary units) in bytes. */
  static long bytes(String size) {
    Matcher m = Pattern.compile("(\\d+)([KMG]i|[kmg]b?)?").matcher(size);
    assertThat(m.matches()).as("a size: " + size).isTrue();
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(java.util.Locale.ROOT).substring(0, 1);
    return switch (unit) {
      case "k" -> n << 10;
      case "m" -> n << 20;
      case "g" -> n << 30;
      default -> n;
    };
  }
}
