package io.herald.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * One scrape of a service's {@code /q/metrics} in the Prometheus text format (0.0.4, what {@code promtool check
 * metrics} reads), for the tests that hold each service to "every {@code herald_*} meter exists from the start,
 * with a description, and tools accept it".
 */
public final class MetricsScrape {
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final String text;
  private final Map<String, String> help = new HashMap<>();
  private final Map<String, List<String>> samples = new HashMap<>();

  private MetricsScrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.startsWith("# HELP ")) {
        String[] parts = line.substring("# HELP ".length()).split(" ", 2);
        help.put(parts[0], parts.length > 1 ? parts[1] : "");
      } else if (!line.isBlank() && !line.startsWith("#")) {
        int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
        samples.computeIfAbsent(line.substring(0, end), k -> new ArrayList<>()).add(line);
      }
    }
  }

  /** Scrapes {@code url} (the service's {@code /q/metrics}) asking for the Prometheus text format. */
  public static MetricsScrape of(URL url) {
    try (var client = HttpClient.newHttpClient()) {
      var request = HttpRequest.newBuilder(url.toURI()).header("Accept", TEXT_FORMAT).GET().build();
      var response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + response.statusCode());
      }
      return new MetricsScrape(response.body());
    } catch (IOException | java.net.URISyntaxException e) {
      throw new IllegalStateException("Could not scrape " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The exposition as scraped. */
  public String text() {
    return text;
  }

  /** The HELP text of a metric family ({@code herald_x_total} for a counter, the base name of a timer). */
  public Optional<String> help(String family) {
    return Optional.ofNullable(help.get(family));
  }

  /** The sample lines named exactly {@code name} (e.g. {@code herald_x_total}, {@code herald_t_seconds_count}). */
  public List<String> samples(String name) {
    return samples.getOrDefault(name, List.of());
  }

  /** Every sample name starting with {@code prefix}. */
  public List<String> names(String prefix) {
    return samples.keySet().stream().filter(n -> n.startsWith(prefix)).sorted().toList();
  }

  /**
   * Asserts that each sample name has exactly that many series (every tag combination known up front), and that
   * every family starting with {@code prefix} has a HELP text (a meter's description).
   */
  public void assertSeries(String prefix, Map<String, Integer> seriesPerName) {
    seriesPerName.forEach((name, count) -> assertThat(samples(name)).as("series of %s", name).hasSize(count));
    List<String> families = text.lines().filter(l -> l.startsWith("# TYPE " + prefix))
        .map(l -> l.split(" ")[2]).toList();
    assertThat(families).as("families of %s*", prefix).isNotEmpty();
    families.forEach(family -> assertThat(help(family)).as("HELP of %s", family).hasValueSatisfying(
        h -> assertThat(h).isNotBlank()));
  }

  /**
   * Asserts that {@code promtool check metrics} finds nothing wrong with the series starting with {@code prefix};
   * skipped (reported, not passed) where promtool is not installed.
   */
  public void assertPromtoolAccepts(String prefix) {
    Assumptions.assumeTrue(promtoolInstalled(), "promtool is not installed (Debian: apt-get install prometheus)");
    assertThat(promtoolProblems(prefix)).as("promtool check metrics on %s*", prefix).isEmpty();
  }

  /** Whether {@code promtool} is on the PATH (CI installs it: Debian package prometheus). */
  public static boolean promtoolInstalled() {
    return promtool().isPresent();
  }

  /**
   * What {@code promtool check metrics} reports about the series whose names start with {@code prefix}, plus any
   * line saying it could not parse the exposition at all.
   */
  public List<String> promtoolProblems(String prefix) {
    String promtool = promtool().orElseThrow(() -> new IllegalStateException("promtool is not installed"));
    try {
      Path input = Files.createTempFile("herald-metrics", ".prom");
      try {
        Files.writeString(input, text, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(promtool, "check", "metrics").redirectInput(input.toFile())
            .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("promtool check metrics did not finish");
        }
        return output.lines().filter(l -> l.startsWith(prefix) || l.contains("error while linting")).toList();
      } finally {
        Files.deleteIfExists(input);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not run promtool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Optional<String> promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }
}
