package io.herald.health.page;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.herald.common.testing.HeraldInfraResource;
import io.herald.health.probe.Poller;
import io.herald.health.probe.Probe;
import io.herald.health.probe.Status;
import io.herald.health.support.StatusPageProfile;
import io.herald.health.support.TestClock;
import io.herald.health.support.WatchedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Herald's services go through a scripted afternoon, then the status page is opened in headless Chromium (Debian's
 * {@code chromium}) and read as a person would: banner, rows, uptime bars, checks, resources, open incidents.
 */
@QuarkusTest
@TestProfile(StatusPageProfile.class)
@WithTestResource(HeraldInfraResource.class)
class StatusPageTest {
  static final Instant T = Instant.parse("2030-07-01T10:00:00Z");
  static final String METRICS = """
      # HELP process_cpu_usage The "recent cpu usage" for the Java Virtual Machine process
      # TYPE process_cpu_usage gauge
      process_cpu_usage 0.125
      jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 5.24288E7
      jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 5.24288E7
      jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
      jvm_memory_max_bytes{area="heap",id="G1 Eden Space"} -1.0
      jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 5.36870912E8
      process_resident_memory_bytes 3.145728E8
      disk_free_bytes{path="/work/."} 1.073741824E10
      disk_total_bytes{path="/work/."} 4.294967296E10
      """;

  @Inject TestClock clock;
  @Inject Poller poller;

  @TestHTTPResource("/")
  URL page;

  @Test
  void thePageShowsTheStatesInARealBrowser() throws Exception {
    for (String service : List.of("auth-service", "content-service", "publisher-worker")) {
      WatchedServices.up(service);
      WatchedServices.metrics(service, METRICS);
    }
    Instant last = T;
    for (int i = 0; i < 60; i++) {
      last = T.plusSeconds(10L * i);
      clock.set(last);
      if (i == 40) {
        WatchedServices.down("content-service", "Database connections health check");
      }
      if (i == 59) {
        // publisher-worker hangs: the round still ends after about one timeout, the others probed alongside it.
        WatchedServices.slow("publisher-worker", 4000);
        long start = System.nanoTime();
        List<Probe> probes = poller.pollAll();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        Probe publisher =
            probes.stream().filter(p -> p.target().name().equals("publisher-worker")).findFirst().orElseThrow();
        assertThat(publisher.status()).isEqualTo(Status.DOWN);
        assertThat(publisher.error()).isEqualTo("no answer within 1000 ms");
      } else {
        poller.pollAll();
      }
    }
    clock.set(last.plusSeconds(5));

    String dom = browse("--dump-dom", page.toString());
    Files.writeString(Path.of("target", "status-page.html"), dom); // what the browser saw, for whoever reads a failure

    assertThat(dom).contains("http-equiv=\"refresh\"");
    assertThat(text(between(dom, "id=\"banner\"", "</div>"))).contains("Partial outage: 2 of 3 services down");

    String auth = section(dom, "auth-service");
    assertThat(auth).contains("data-status=\"UP\"");
    assertThat(text(auth)).contains("uptime 1h 100.00%").contains("CPU 12.50%").contains("heap 100.0 MiB of 512.0 MiB")
        .contains("RSS 300.0 MiB").contains("disk free 10.0 GiB of 40.0 GiB").contains("streamLag=3");
    assertThat(count(auth, "class=\"up\"")).isEqualTo(60);
    assertThat(count(auth, "class=\"nodata\"")).isEqualTo(30);

    String content = section(dom, "content-service");
    assertThat(content).contains("data-status=\"DOWN\"");
    assertThat(Pattern.compile("<span class=\"(up|down|partial|nodata)\"").matcher(content).results().count())
        .isEqualTo(90);
    assertThat(count(content, "class=\"down\"")).isEqualTo(19);
    assertThat(count(content, "class=\"partial\"")).isEqualTo(1); // the segment in which it went down
    assertThat(count(content, "class=\"up\"")).isEqualTo(40);
    assertThat(text(content)).contains("DOWN Database connections health check error=Connection refused");

    assertThat(text(section(dom, "publisher-worker"))).contains("no answer within 1000 ms");
    assertThat(section(dom, "facebook")).contains("data-status=\"UP\"");
    assertThat(text(section(dom, "tiktok"))).contains("DOWN").contains("connection refused");

    String incidents = text(between(dom, "id=\"incidents\"", "<h2>"));
    assertThat(incidents).contains("content-service down since " + T.plusSeconds(400))
        .contains("failed checks: Database connections health check")
        .contains("publisher-worker down since " + T.plusSeconds(590))
        .contains("tiktok down since " + T);

    Path screenshot = Path.of("target", "status-page.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    browse("--screenshot=" + screenshot, "--window-size=1280,1400", page.toString());
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("herald_service_up{service=\"auth-service\"} 1.0")
        .contains("herald_service_up{service=\"content-service\"} 0.0")
        .contains("herald_service_up{service=\"tiktok\"} 0.0")
        .contains("herald_health_check_duration_seconds_count{service=\"auth-service\"} 60")
        .contains("herald_service_uptime_ratio{service=\"auth-service\",window=\"30d\"}");
  }

  /** Runs Debian's headless Chromium against the page; answers what it printed. */
  static String browse(String... args) throws IOException, InterruptedException {
    String binary = findChromium();
    Path profile = Files.createTempDirectory("herald-chromium");
    var command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("herald-chromium", ".out");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("Chromium did not finish within 90 s");
    }
    assertThat(process.exitValue()).as("chromium exit code").isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  static String findChromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
        File candidate = new File(dir, name);
        if (candidate.canExecute()) {
          return candidate.getAbsolutePath();
        }
      }
    }
    return fail("The status page test needs headless Chromium: install it with 'apt-get install -y chromium'");
  }

  private static String section(String dom, String service) {
    return between(dom, "id=\"service-" + service + "\"", "</section>");
  }

  private static String between(String dom, String start, String end) {
    int from = dom.indexOf(start);
    assertThat(from).as("the page has " + start).isNotNegative();
    int to = dom.indexOf(end, from);
    return dom.substring(from, to < 0 ? dom.length() : to);
  }

  /** The visible text: tags dropped, white space collapsed. */
  private static String text(String html) {
    return html.replaceAll("<[^>]*>", " ").replace("&nbsp;", " ").replaceAll("\\s+", " ");
  }

  private static int count(String haystack, String needle) {
    return (int) Pattern.compile(Pattern.quote(needle)).matcher(haystack).results().count();
  }
}
