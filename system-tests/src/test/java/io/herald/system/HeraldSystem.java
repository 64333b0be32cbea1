package io.herald.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.lessThan;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The whole of Herald, started once per test run by the same launcher users run ({@code deploy/local/run.sh up}),
 * on ports, a database and a Redis logical database of its own so it never meets a local run.
 */
final class HeraldSystem {
  static final int AUTH = 18081;
  static final int CONTENT = 18082;
  static final int PUBLISHER = 18083;
  static final int HEALTH = 18084;
  static final int SIMULATOR = 18090;

  /** The worker's platform call timeout in this run: its Graph and TikTok REST clients' read timeout. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  /**
   * How long a simulator fault holds a platform's answer (SUCCEED_THEN_LATE) or error (FAIL) so that it comes after
   * the worker's call timed out: the call's outcome is lost to the worker.
   */
  static final int LATE_MS = 8_000;

  private static final Path ROOT = Path.of(System.getenv().getOrDefault("HERALD_REPO_ROOT", "..")).toAbsolutePath();
  private static final Path STATE = ROOT.resolve("system-tests/target/herald-state");
  private static boolean started;

  private HeraldSystem() {}

  static synchronized void start() {
    if (!started) {
      launcher("up");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> launcher("down")));
      started = true;
    }
  }

  /** The launcher's state directory: its generated secrets, logs and pid files. */
  static Path state() {
    return STATE;
  }

  /** The PostgreSQL database the system runs on. */
  static String database() {
    return System.getProperty("herald-test.database", "herald_test") + "_system";
  }

  static String url(int port) {
    return "http://localhost:" + port;
  }

  /** Kills a service the hard way (SIGKILL), as a crashed pod would die. */
  static void kill(String service) {
    try {
      long pid = Long.parseLong(Files.readString(STATE.resolve("run/" + service + ".pid")).trim());
      ProcessHandle.of(pid).ifPresent(p -> {
        p.destroyForcibly();
        p.onExit().join();
      });
    } catch (IOException e) {
      throw new IllegalStateException("No pid file for " + service, e);
    }
  }

  /** Starts whatever is not running (after {@link #kill}) and waits until it is ready. */
  static void restartMissing() {
    launcher("up");
  }

  /**
   * After a test: clears the simulator's faults, lets its OAuth dialog log in as the default user again, and starts
   * whatever the test killed.
   */
  static void resetAfterTest() {
    given().baseUri(url(SIMULATOR)).delete("/_sim/faults").then().statusCode(lessThan(300));
    given().baseUri(url(SIMULATOR)).contentType(ContentType.JSON).body(Map.of("consent", "APPROVE"))
        .put("/_sim/oauth/facebook").then().statusCode(lessThan(300));
    restartMissing();
  }

  /** Runs a redis-cli command on the system's Redis logical database and answers its output. */
  static String redis(String... command) {
    var args = new java.util.ArrayList<>(List.of("redis-cli", "-n", redisDatabase()));
    args.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes()).trim();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("redis-cli " + String.join(" ", command) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Signs up a fresh tenant and returns its OWNER's access token. */
  static String signUp() {
    String email = "owner-" + UUID.randomUUID() + "@system.test";
    return given().baseUri(url(AUTH)).contentType(ContentType.JSON)
        .body(Map.of("tenantName", "System test", "email", email, "password", "correct horse battery staple"))
        .post("/api/v1/auth/signup")
        .then().statusCode(201).extract().path("access_token");
  }

  /**
   * Connects an account of the platform through the simulator's OAuth dialog, as a browser would; returns its id.
   * The browser opens Herald's start link (which sets the cookie binding the flow to it), goes through the platform's
   * consent (the simulator approves at once), comes back to Herald's callback with that cookie, and confirms what
   * Herald shows it is about to connect (JSON here, the same steps as the HTML pages).
   */
  static String connect(String token, String platform) {
    String startUrl = given().baseUri(url(AUTH)).auth().oauth2(token).contentType(ContentType.JSON)
        .body(Map.of("platform", platform))
        .post("/api/v1/social-accounts/connect")
        .then().statusCode(200).extract().path("authorizationUrl");
    Response start = given().urlEncodingEnabled(false).redirects().follow(false).get(startUrl);
    start.then().statusCode(303);
    String cookie = start.header("Set-Cookie").split(";", 2)[0];
    // The platform's consent and its redirect back to Herald's callback (in the same browser: with the cookie).
    String location = start.header("Location");
    Response step = null;
    for (int hop = 0; hop < 5; hop++) {
      var request = given().urlEncodingEnabled(false).redirects().follow(false).accept(ContentType.JSON);
      if (location.startsWith(url(AUTH))) {
        request.header("Cookie", cookie);
      }
      step = request.get(location);
      if (step.statusCode() / 100 != 3) {
        break;
      }
      location = step.header("Location");
    }
    step.then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("CONFIRMATION_REQUIRED"));
    Response done = given().baseUri(url(AUTH)).accept(ContentType.JSON).header("Cookie", cookie)
        .contentType("application/x-www-form-urlencoded")
        .formParam("connect", step.<String>path("connectId")).formParam("csrf", step.<String>path("csrfToken"))
        .formParam("decision", "confirm")
        .post("/api/v1/social-accounts/connect/confirm");
    done.then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("CONNECTED"));
    return done.path("accounts[0].id");
  }

  static Map<String, Object> fault(String endpoint, String mode, int latencyMs) {
    var fault = new HashMap<String, Object>();
    fault.put("endpoint", endpoint);
    fault.put("mode", mode);
    fault.put("latencyMs", latencyMs);
    fault.put("count", 1);
    return fault;
  }

  static List<Map<String, Object>> published(String account) {
    return given().baseUri(url(SIMULATOR)).queryParam("account", account).get("/_sim/published")
        .then().statusCode(200).extract().jsonPath().getList("$");
  }

  private static String redisDatabase() {
    return System.getProperty("herald-test.redis-database", "6");
  }

  private static void launcher(String command) {
    var builder = new ProcessBuilder("bash", ROOT.resolve("deploy/local/run.sh").toString(), command)
        .directory(ROOT.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT);
    var env = builder.environment();
    env.put("HERALD_STATE_DIR", STATE.toString());
    env.put("HERALD_DB", database());
    env.put("HERALD_REDIS_DB", redisDatabase());
    env.put("HERALD_SKIP_BUILD", "1");
    env.put("AUTH_PORT", Integer.toString(AUTH));
    env.put("CONTENT_PORT", Integer.toString(CONTENT));
    env.put("PUBLISHER_PORT", Integer.toString(PUBLISHER));
    env.put("HEALTH_PORT", Integer.toString(HEALTH));
    env.put("SIMULATOR_PORT", Integer.toString(SIMULATOR));
    // The system's timers, scaled down together from production's with each relation kept that the code checks at
    // start (reconcile delay > call timeout + commit margin) or that a test relies on (claim min-idle > lease > the
    // lease renewal, a third of it; a late answer arrives after the call timeout). The worker's platform calls time
    // out after CALL_TIMEOUT (production: 10 s); a lost answer is reconciled 7 s after the call began (production:
    // 40 s).
    String callTimeout = Long.toString(CALL_TIMEOUT.toMillis());
    for (String client : List.of("FACEBOOK_GRAPH", "FACEBOOK_GRAPH_VIDEO", "TIKTOK")) {
      env.put("QUARKUS_REST_CLIENT_" + client + "_READ_TIMEOUT", callTimeout);
    }
    env.put("HERALD_PUBLISHER_RETRY_RECONCILE_DELAY", "7s");
    env.put("HERALD_PUBLISHER_RETRY_COMMIT_MARGIN", "1s");
    // A dead worker's targets come free after 8 s; its jobs are claimed by another after 12 s instead of the
    // production 10 min (the slowest legitimate job here, a call timing out after waiting its turn on a busy Page,
    // takes some 7 s).
    env.put("HERALD_PUBLISHER_LEASE", "8s");
    env.put("HERALD_PUBLISHER_CLAIM_MIN_IDLE", "12s");
    env.put("HERALD_PUBLISHER_CLAIM_INTERVAL", "1s");
    // Targets whose job is gone (a Redis that lost its data) are enqueued again after 8 s, looked for every second
    // (production: 30 s, every 5 s).
    env.put("HERALD_CONTENT_RECONCILE_AFTER", "8s");
    env.put("HERALD_CONTENT_RECONCILE_EVERY", "1s");
    // A lost TikTok init waits 8 s for TikTok's webhook (the simulator sends it 3 s after the init, with retries
    // over another 3 s).
    env.put("HERALD_TIKTOK_WEBHOOK_GRACE", "8s");
    // Bursts of a hundred posts by one tenant; the simulated platforms process in seconds.
    env.put("HERALD_CONTENT_RATE_LIMIT_CAPACITY", "500");
    env.put("HERALD_SIMULATOR_TIKTOK_PROCESSING_TIME", "PT3S");
    env.put("HERALD_SIMULATOR_FACEBOOK_VIDEO_PROCESSING_TIME", "PT1S");
    try {
      Process process = builder.start();
      if (!process.waitFor(4, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("deploy/local/run.sh " + command + " failed; see " + STATE.resolve("logs"));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
