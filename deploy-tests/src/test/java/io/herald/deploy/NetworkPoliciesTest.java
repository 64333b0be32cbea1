package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.deploy.Deploy.Render;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The NetworkPolicies let every call Herald makes through, and nothing else inside the cluster. The calls are read
 * from the configuration each service resolves in the manifests (its datasource, Redis, rest clients, JWKS, health
 * targets, platform origins, webhook URLs), plus DNS and Prometheus' scrapes; the policies are evaluated as the
 * NetworkPolicy API defines them (isolation by selection, the union of the rules, both ends for in-cluster calls).
 */
class NetworkPoliciesTest {
  private static final Pattern URL = Pattern.compile("(?:jdbc:)?(https?|postgresql|rediss?)://([^/:,\\s?]+)(?::(\\d+))?");
  /** URLs that are names or addresses Herald gives out, not ones it calls. */
  private static final Set<String> NOT_CALLS = Set.of("mp.jwt.verify.issuer", "herald.jwt.issuer", "herald.public-url",
      "mp.openapi.servers",
      "herald.simulator.public-url", "herald.facebook.dialog-url", "herald.tiktok.auth-url");
  /** Where a managed datastore sits (a private address of the operator's network) and where a platform sits. */
  private static final String PRIVATE_ADDRESS = "10.20.30.40";
  private static final String PUBLIC_ADDRESS = "198.51.100.7";
  /** Anyone may call these ports: the public APIs, OAuth callbacks and TikTok's webhooks (through the ingress). */
  private static final Set<String> PUBLIC = Set.of("auth-service", "content-service", "publisher-worker");

  record Pod(String name, String namespace, Map<String, String> labels, Map<String, Integer> ports) {
    Map<String, String> namespaceLabels() {
      return Map.of("kubernetes.io/metadata.name", namespace);
    }
  }

  /** A call to an in-cluster pod (pod != null) or to an outside address. */
  record Call(Pod from, Pod pod, String address, int port, String protocol, String why) {
    @Override
    public String toString() {
      return from.name + " -> " + (pod != null ? pod.name : address) + ":" + port + "/" + protocol + " (" + why + ")";
    }
  }

  @ParameterizedTest
  @EnumSource(value = Render.class, names = "BASE", mode = EnumSource.Mode.EXCLUDE)
  void everyCallHeraldMakesIsAllowedAndNothingElseInside(Render render) {
    List<ObjectNode> objects = Deploy.render(render);
    List<NetworkPolicyView> policies = Deploy.ofKind(objects, "NetworkPolicy").stream().map(NetworkPolicyView::new)
        .toList();
    Map<String, Pod> pods = new LinkedHashMap<>();
    for (ObjectNode deployment : Deploy.ofKind(objects, "Deployment")) {
      Map<String, Integer> ports = new LinkedHashMap<>();
      Deploy.container(deployment).path("ports")
          .forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
      String name = deployment.at("/metadata/name").asText();
      pods.put(name, new Pod(name, Deploy.NAMESPACE, Deploy.podLabels(deployment), ports));
    }
    Pod dns = new Pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"), Map.of("dns", 53));
    Pod prometheus = new Pod("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"), Map.of());
    Pod keda = new Pod("keda-operator", "keda", Map.of("app", "keda-operator"), Map.of());
    Pod intruder = new Pod("intruder", "other", Map.of("app", "intruder"), Map.of());

    List<String> problems = new ArrayList<>();
    List<Call> calls = new ArrayList<>();
    for (ObjectNode deployment : ManifestsAgreeWithCodeTest.heraldDeployments(objects)) {
      String name = deployment.at("/metadata/name").asText();
      Pod from = pods.get(name);
      ServiceCode code = ServiceCode.of(name);
      Map<String, String> env = Deploy.environment(objects, Deploy.container(deployment));
      Map<String, String> sources = new LinkedHashMap<>();
      for (String key : code.properties.keySet()) {
        if (!NOT_CALLS.contains(key)) {
          sources.put(key, code.resolve(key, env));
        }
      }
      env.forEach((key, value) -> {
        if (key.endsWith("WEBHOOK_URL") && code.reads(key).isPresent()) {
          sources.put(key, value);
        }
      });
      sources.forEach((key, value) -> {
        Matcher url = URL.matcher(value == null ? "" : value);
        while (url.find()) {
          call(from, url.group(1), url.group(2), url.group(3), key, objects, pods).ifPresentOrElse(calls::add,
              () -> problems.add(name + " calls " + url.group() + " (" + key + "), which is nowhere in the cluster"));
        }
      });
      calls.add(new Call(from, dns, null, 53, "UDP", "DNS"));
      calls.add(new Call(prometheus, from, null, from.ports.get("http"), "TCP", "Prometheus scrape"));
    }
    if (!Deploy.ofKind(objects, "ScaledObject").isEmpty() && pods.containsKey("redis")) {
      calls.add(new Call(keda, pods.get("redis"), null, 6379, "TCP", "KEDA reads the streams' lag"));
    }
    assertThat(calls).as("the calls the configuration makes").isNotEmpty();
    for (Call call : calls) {
      if (!allowed(policies, call)) {
        problems.add("denied: " + call);
      }
    }
    // Nothing else inside the cluster: every pair of pods and port not among the calls is refused.
    List<Pod> sources = new ArrayList<>(pods.values());
    sources.addAll(List.of(prometheus, keda, intruder));
    for (Pod from : sources) {
      for (Pod to : pods.values()) {
        for (Map.Entry<String, Integer> port : to.ports.entrySet()) {
          Call probe = new Call(from, to, null, port.getValue(), "TCP", "not a call Herald makes");
          boolean expected = calls.stream().anyMatch(c -> c.from == from && c.pod == to && c.port == port.getValue())
              || (PUBLIC.contains(to.name) && port.getKey().equals("http"));
          if (!expected && from != to && allowed(policies, probe)) {
            problems.add("allowed but not needed: " + probe);
          }
        }
      }
    }
    assertThat(problems).as(render.name()).isEmpty();
  }

  private static Optional<Call> call(Pod from, String scheme, String host, String port, String why,
      List<ObjectNode> objects, Map<String, Pod> pods) {
    int number = port != null ? Integer.parseInt(port) : switch (scheme) {
      case "https" -> 443;
      case "http" -> 80;
      case "postgresql" -> 5432;
      default -> 6379;
    };
    String name = host.replaceFirst("\\." + Deploy.NAMESPACE + "(\\.svc(\\.cluster\\.local)?)?$", "");
    if (Set.of("localhost", "127.0.0.1", "::1").contains(name)) {
      return Optional.empty();
    }
    Optional<ObjectNode> service = Deploy.find(objects, "Service", name);
    if (service.isEmpty()) {
      if (!host.contains(".")) {
        return Optional.empty(); // a short name that is no Service here: it resolves nowhere
      }
      boolean datastore = scheme.startsWith("redis") || scheme.equals("postgresql");
      return Optional.of(new Call(from, null, datastore ? PRIVATE_ADDRESS : PUBLIC_ADDRESS, number, "TCP",
          why + " " + host));
    }
    Map<String, String> selector = Deploy.strings(service.get().at("/spec/selector"));
    Pod pod = pods.values().stream().filter(p -> p.labels.entrySet().containsAll(selector.entrySet())).findFirst()
        .orElseThrow(() -> new AssertionError("Service " + name + " selects no pod"));
    for (JsonNode p : service.get().at("/spec/ports")) {
      if (p.path("port").asInt() == number) {
        JsonNode target = p.path("targetPort");
        int podPort = target.isInt() ? target.asInt() : pod.ports.getOrDefault(target.asText(), -1);
        return Optional.of(new Call(from, pod, null, podPort, "TCP", why));
      }
    }
    throw new AssertionError(from.name + " calls " + host + ":" + number + " (" + why + "), a port its Service lacks");
  }

  static boolean allowed(List<NetworkPolicyView> policies, Call call) {
    boolean egress = direction(policies, call.from, "Egress", call, true);
    boolean ingress = call.pod == null || direction(policies, call.pod, "Ingress", call, false);
    return egress && ingress;
  }

  /** Whether the policies selecting this pod for this direction let the call through (unselected: isolated not). */
  private static boolean direction(List<NetworkPolicyView> policies, Pod pod, String type, Call call,
      boolean egress) {
    List<NetworkPolicyView> selecting = policies.stream()
        .filter(p -> p.namespace.equals(pod.namespace) && p.types.contains(type) && matches(p.podSelector, pod.labels))
        .toList();
    if (selecting.isEmpty()) {
      return true;
    }
    for (NetworkPolicyView policy : selecting) {
      for (JsonNode rule : policy.rules(egress)) {
        JsonNode peers = rule.path(egress ? "to" : "from");
        boolean peerOk = peers.isMissingNode() || peers.isEmpty();
        for (JsonNode peer : peers) {
          peerOk |= egress ? peerMatches(peer, policy.namespace, call.pod, call.address)
              : peerMatches(peer, policy.namespace, call.from, null);
        }
        if (peerOk && portMatches(rule.path("ports"), call)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean peerMatches(JsonNode peer, String policyNamespace, Pod pod, String address) {
    if (peer.has("ipBlock")) {
      return pod == null && address != null && inBlock(peer.path("ipBlock"), address);
    }
    if (pod == null) {
      return false;
    }
    boolean namespaceOk = peer.has("namespaceSelector") ? matches(peer.path("namespaceSelector"),
        pod.namespaceLabels()) : pod.namespace.equals(policyNamespace);
    boolean podOk = !peer.has("podSelector") || matches(peer.path("podSelector"), pod.labels);
    return namespaceOk && podOk;
  }

  private static boolean portMatches(JsonNode ports, Call call) {
    if (ports.isMissingNode() || ports.isEmpty()) {
      return true;
    }
    for (JsonNode port : ports) {
      if (!port.path("protocol").asText("TCP").equals(call.protocol)) {
        continue;
      }
      JsonNode number = port.path("port");
      if (number.isMissingNode()) {
        return true;
      }
      if (number.isInt()) {
        int end = port.path("endPort").asInt(number.asInt());
        if (call.port >= number.asInt() && call.port <= end) {
          return true;
        }
      } else if (call.pod != null && call.pod.ports.getOrDefault(number.asText(), -1) == call.port) {
        return true;
      }
    }
    return false;
  }

  static boolean matches(JsonNode selector, Map<String, String> labels) {
    for (Map.Entry<String, String> e : Deploy.strings(selector.path("matchLabels")).entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      String value = labels.get(expression.path("key").asText());
      Set<String> values = new LinkedHashSet<>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      boolean ok = switch (expression.path("operator").asText()) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> value != null;
        case "DoesNotExist" -> value == null;
        default -> throw new AssertionError("selector operator " + expression.path("operator").asText());
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean inBlock(JsonNode block, String address) {
    if (!inCidr(block.path("cidr").asText(), address)) {
      return false;
    }
    for (JsonNode except : block.path("except")) {
      if (inCidr(except.asText(), address)) {
        return false;
      }
    }
    return true;
  }

  private static boolean inCidr(String cidr, String address) {
    try {
      String[] parts = cidr.split("/");
      int bits = Integer.parseInt(parts[1]);
      BigInteger network = new BigInteger(1, InetAddress.getByName(parts[0]).getAddress());
      byte[] raw = InetAddress.getByName(address).getAddress();
      BigInteger value = new BigInteger(1, raw);
      int width = raw.length * 8;
      if (InetAddress.getByName(parts[0]).getAddress().length != raw.length) {
        return false;
      }
      return value.shiftRight(width - bits).equals(network.shiftRight(width - bits));
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** A NetworkPolicy as the API reads it (policyTypes defaulted as the API server defaults them). */
  static final class NetworkPolicyView {
    final String namespace;
    final JsonNode podSelector;
    final Set<String> types = new LinkedHashSet<>();
    final JsonNode spec;

    NetworkPolicyView(ObjectNode policy) {
      namespace = policy.at("/metadata/namespace").asText();
      spec = policy.path("spec");
      podSelector = spec.path("podSelector");
      if (spec.has("policyTypes")) {
        spec.path("policyTypes").forEach(t -> types.add(t.asText()));
      } else {
        types.add("Ingress");
        if (spec.has("egress")) {
          types.add("Egress");
        }
      }
    }

    JsonNode rules(boolean egress) {
      return spec.path(egress ? "egress" : "ingress");
    }
  }
}
