package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.deploy.Deploy.Render;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric an alert rule, an alert unit test or a dashboard panel uses is one a service exports (the meters the
 * code registers, named as Micrometer's Prometheus registry names them, plus those of the Quarkus extensions the
 * services have); the PrometheusRule is the alert file's copy.
 */
class MetricsTest {
  /**
   * A meter the code registers: Micrometer's builders and registry methods, common's {@code CounterFamily} (a
   * counter) and a service's own {@code gauge(registry, "name", ...)} and {@code counter(registry, "name", ...)}
   * helpers.
   */
  private static final Pattern METER = Pattern.compile(
      "(Counter|Gauge|Timer|DistributionSummary)\\.builder\\(\\s*\"([^\"]+)\"|registry\\.(counter|gauge|timer|summary)\\(\\s*\"([^\"]+)\""
          + "|(CounterFamily)\\.builder\\(\\s*\"([^\"]+)\"|\\b(gauge|counter)\\(\\s*registry\\s*,\\s*\"([^\"]+)\"");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
      "ignoring", "group_left", "group_right", "inf", "nan");

  /** Every series name the services export, with who exports it. */
  static Map<String, Set<String>> exported() {
    Map<String, Set<String>> series = new TreeMap<>();
    for (String service : Deploy.SERVICES) {
      ServiceCode code = ServiceCode.of(service);
      List<Path> sources = new ArrayList<>(ServiceCode.javaFiles(code.module.resolve("src/main/java")));
      for (Path source : sources) {
        Matcher meter = METER.matcher(Deploy.read(source));
        while (meter.find()) {
          int pair = meter.group(1) != null ? 1 : meter.group(3) != null ? 3 : meter.group(5) != null ? 5 : 7;
          String type = meter.group(pair).equals("CounterFamily") ? "counter"
              : meter.group(pair).toLowerCase(java.util.Locale.ROOT);
          String name = meter.group(pair + 1).replace('.', '_');
          for (String s : prometheusSeries(type, name)) {
            series.computeIfAbsent(s, k -> new TreeSet<>()).add(service);
          }
        }
      }
      if (code.hasExtension("quarkus-micrometer-registry-prometheus")) {
        // Quarkus's Micrometer binders: HTTP server requests (a timer), the JVM and the process.
        for (String s : List.of("http_server_requests_seconds_count", "http_server_requests_seconds_sum",
            "http_server_requests_seconds_max", "jvm_memory_used_bytes", "jvm_memory_max_bytes",
            "process_cpu_usage", "system_cpu_usage", "jvm_gc_pause_seconds_count", "jvm_threads_live_threads",
            "process_uptime_seconds")) {
          series.computeIfAbsent(s, k -> new TreeSet<>()).add(service);
        }
        // Prometheus's own series for every scraped target.
        series.computeIfAbsent("up", k -> new TreeSet<>()).add(service);
      }
      if (code.hasExtension("quarkus-smallrye-fault-tolerance")) {
        // SmallRye Fault Tolerance's metrics under Micrometer (shared/reference/queues-and-fault-tolerance.md §3).
        for (String s : List.of("ft_invocations_total", "ft_retry_calls_total", "ft_retry_retries_total",
            "ft_circuitbreaker_calls_total", "ft_circuitbreaker_state_total", "ft_circuitbreaker_state_current",
            "ft_circuitbreaker_opened_total", "ft_timeout_calls_total")) {
          series.computeIfAbsent(s, k -> new TreeSet<>()).add(service);
        }
      }
      if (code.hasExtension("quarkus-cache") && code.properties.keySet().stream()
          .anyMatch(k -> k.endsWith(".metrics-enabled"))) {
        for (String s : List.of("cache_gets_total", "cache_puts_total", "cache_evictions_total", "cache_size")) {
          series.computeIfAbsent(s, k -> new TreeSet<>()).add(service);
        }
      }
    }
    return series;
  }

  /** The series Micrometer's Prometheus naming gives a meter (no percentile histograms: the code enables none). */
  static List<String> prometheusSeries(String type, String name) {
    return switch (type) {
      case "counter" -> List.of(name.endsWith("_total") ? name : name + "_total");
      case "gauge" -> List.of(name);
      case "timer" -> {
        String base = name.endsWith("_seconds") ? name : name + "_seconds";
        yield List.of(base + "_count", base + "_sum", base + "_max");
      }
      default -> List.of(name + "_count", name + "_sum", name + "_max");
    };
  }

  /** The metric names a PromQL expression reads. */
  static Set<String> metricsIn(String promql) {
    String expr = promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''")
        .replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
        .replaceAll("#[^\n]*", " ");
    Set<String> names = new TreeSet<>();
    Matcher token = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(expr);
    while (token.find()) {
      String name = token.group(1);
      if (token.group(2) == null && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }

  static List<String> alertExpressions(JsonNode groups) {
    List<String> exprs = new ArrayList<>();
    for (JsonNode group : groups) {
      for (JsonNode rule : group.path("rules")) {
        exprs.add(rule.path("expr").asText());
      }
    }
    return exprs;
  }

  @Test
  void theMetricExtractionReadsPromql() {
    assertThat(metricsIn("sum by (platform) (rate(herald_x_total{outcome=~\"a|b\"}[15m])) / on(pod) up > 0.2"))
        .containsExactlyInAnyOrder("herald_x_total", "up");
    assertThat(prometheusSeries("timer", "herald_publish_duration_seconds"))
        .contains("herald_publish_duration_seconds_count");
  }

  @Test
  void alertRulesUseOnlyExportedMetrics() {
    Map<String, Set<String>> exported = exported();
    JsonNode alerts = Deploy.readYaml(Deploy.DEPLOY.resolve("prometheus/herald-alerts.yml"));
    List<String> unknown = new ArrayList<>();
    for (String expr : alertExpressions(alerts.path("groups"))) {
      metricsIn(expr).stream().filter(m -> !exported.containsKey(m)).forEach(m -> unknown.add(m + " in " + expr));
    }
    JsonNode tests = Deploy.readYaml(Deploy.DEPLOY.resolve("prometheus/herald-alerts.test.yml"));
    for (JsonNode test : tests.path("tests")) {
      for (JsonNode input : test.path("input_series")) {
        String series = input.path("series").asText().replaceAll("\\{.*$", "");
        if (!exported.containsKey(series)) {
          unknown.add(series + " in herald-alerts.test.yml");
        }
      }
    }
    assertThat(unknown).as("metrics no service exports").isEmpty();
  }

  @Test
  void theDashboardUsesOnlyExportedMetrics() {
    Map<String, Set<String>> exported = exported();
    JsonNode dashboard = Deploy.readYaml(Deploy.DEPLOY.resolve("grafana/herald.json"));
    List<String> unknown = new ArrayList<>();
    int targets = 0;
    for (JsonNode expr : dashboard.findValues("expr")) {
      targets++;
      metricsIn(expr.asText()).stream().filter(m -> !exported.containsKey(m))
          .forEach(m -> unknown.add(m + " in " + expr.asText()));
    }
    assertThat(targets).isGreaterThan(10);
    assertThat(unknown).as("metrics no service exports").isEmpty();
  }

  /**
   * Every label an alert or a panel groups, filters or names a legend by is one the meters carry: a tag key in the
   * code that registers meters, a framework meter's tag, or a label Prometheus adds to every target.
   */
  @Test
  void alertsAndPanelsUseOnlyLabelsTheMetersCarry() {
    Set<String> labels = new TreeSet<>(Set.of("job", "instance", "service", "pod", "namespace", "container",
        "method", "uri", "status", "outcome", "exception", "result", "fallback", "retried", "retryResult",
        "circuitBreakerResult", "state", "timedOut", "cache", "name", "area", "id", "le"));
    Pattern literal = Pattern.compile("\"([a-z][a-zA-Z_]*)\"");
    for (String service : Deploy.SERVICES) {
      for (Path source : ServiceCode.javaFiles(ServiceCode.of(service).module.resolve("src/main/java"))) {
        String text = Deploy.read(source);
        if (METER.matcher(text).find()) {
          Matcher m = literal.matcher(text);
          while (m.find()) {
            labels.add(m.group(1));
          }
        }
      }
    }
    List<String> texts = new ArrayList<>();
    JsonNode alerts = Deploy.readYaml(Deploy.DEPLOY.resolve("prometheus/herald-alerts.yml"));
    texts.addAll(alertExpressions(alerts.path("groups")));
    alerts.findValues("annotations").forEach(a -> a.forEach(v -> texts.add(v.asText())));
    JsonNode dashboard = Deploy.readYaml(Deploy.DEPLOY.resolve("grafana/herald.json"));
    dashboard.findValues("expr").forEach(e -> texts.add(e.asText()));
    dashboard.findValues("legendFormat").forEach(e -> texts.add(e.asText()));
    Pattern used = Pattern.compile("\\b(?:by|without|on|ignoring)\\s*\\(([^)]*)\\)|\\{\\{\\s*\\$?(?:labels\\.)?\\.?(\\w+)\\s*}}"
        + "|[{,]\\s*(\\w+)\\s*(?:=~|!~|!=|=)\\s*\"");
    List<String> unknown = new ArrayList<>();
    for (String text : texts) {
      Matcher m = used.matcher(text);
      while (m.find()) {
        List<String> names = m.group(1) != null ? List.of(m.group(1).split(","))
            : List.of(m.group(2) != null ? m.group(2) : m.group(3));
        for (String name : names) {
          String label = name.trim();
          if (!label.isEmpty() && !label.equals("value") && !labels.contains(label)) {
            unknown.add(label + " in " + text.strip());
          }
        }
      }
    }
    assertThat(unknown).as("labels no meter carries").isEmpty();
  }

  @Test
  void theDashboardIsWellFormed() {
    JsonNode dashboard = Deploy.readYaml(Deploy.DEPLOY.resolve("grafana/herald.json"));
    Set<Integer> ids = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
      JsonNode grid = panel.path("gridPos");
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(panel.path("title").asText()).isLessThanOrEqualTo(24);
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
        assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      }
    }
    assertThat(dashboard.at("/templating/list/0/name").asText()).isEqualTo("datasource");
    assertThat(dashboard.path("uid").asText()).isNotBlank();
  }

  @Test
  void theDashboardIsProvisionedByTheDevOverlay() {
    ObjectNode map = Deploy.find(Deploy.render(Render.DEV), "ConfigMap", "herald-grafana-dashboard").orElseThrow();
    assertThat(map.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    assertThat(map.at("/data/herald.json").asText()).isEqualTo(Deploy.read(Deploy.DEPLOY.resolve("grafana/herald.json")));
  }

  @Test
  void thePrometheusRuleIsTheAlertFile() {
    ObjectNode rule = Deploy.find(Deploy.render(Render.PROD_WITH_COMPONENTS), "PrometheusRule", "herald-alerts")
        .orElseThrow();
    JsonNode alerts = Deploy.readYaml(Deploy.DEPLOY.resolve("prometheus/herald-alerts.yml"));
    assertThat(rule.at("/spec")).as("components/prometheus-operator/prometheus-rule.yaml is stale: run "
        + "deploy/k8s/components/prometheus-operator/generate-rule.sh").isEqualTo(alerts);
  }

  @Test
  void theServiceMonitorScrapesEveryHeraldService() {
    List<ObjectNode> objects = Deploy.render(Render.PROD_WITH_COMPONENTS);
    ObjectNode monitor = Deploy.find(objects, "ServiceMonitor", "herald").orElseThrow();
    Map<String, String> selector = Deploy.strings(monitor.at("/spec/selector/matchLabels"));
    Set<String> selected = new TreeSet<>();
    for (ObjectNode service : Deploy.ofKind(objects, "Service")) {
      if (Deploy.strings(service.at("/metadata/labels")).entrySet().containsAll(selector.entrySet())) {
        selected.add(service.at("/metadata/name").asText());
        assertThat(service.at("/spec/ports").findValuesAsText("name")).contains(monitor.at("/spec/endpoints/0/port")
            .asText());
      }
    }
    assertThat(selected).containsExactlyInAnyOrder("auth-service", "content-service", "publisher-worker",
        "health-aggregator");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
    // The alert rules select job=~"herald.*": the job label comes from the Services' jobLabel label.
    String jobLabel = monitor.at("/spec/jobLabel").asText();
    ObjectNode any = Deploy.find(objects, "Service", "content-service").orElseThrow();
    assertThat(any.at("/metadata/labels").path(jobLabel).asText()).startsWith("herald");
  }
}
