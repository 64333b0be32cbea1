package io.herald.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * After every other system test: no secret in plaintext in any service's log or in any table. Secrets are the ones
 * this run made (a password, an API client's and a webhook's secret, the launcher's generated keys) and every
 * platform token the simulator issues (recognised by their shapes: {@code EAA...}, {@code act.}/{@code rft.}).
 */
@Order(Integer.MAX_VALUE)
class SecretsScanTest {
  static final String PASSWORD = "scan-" + UUID.randomUUID();
  static final Pattern PLATFORM_TOKEN =
      Pattern.compile("\\b(?:EAAP?[A-Za-z0-9]{60,64}|(?:act|rft)\\.[A-Za-z0-9]{60})\\b");

  @BeforeAll
  static void start() {
    HeraldSystem.start();
  }

  @Test
  void noSecretIsStoredOrLoggedInPlaintext() throws Exception {
    List<String> secrets = new ArrayList<>(secretsOfThisRun());
    for (String line : Files.readAllLines(HeraldSystem.state().resolve("secrets.env"))) {
      String value = line.substring(line.indexOf('=') + 1).replaceFirst("^[^:]+:", "");
      if (line.contains("=") && value.length() >= 16) {
        secrets.add(value);
      }
    }
    String signingKey = Files.readString(HeraldSystem.state().resolve("jwt-signing.pem"));
    secrets.add(signingKey.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow());

    var places = new ArrayList<Place>();
    try (Stream<Path> logs = Files.list(HeraldSystem.state().resolve("logs"))) {
      // The simulator's log is the platform's, not Herald's: a platform sees its own tokens.
      for (Path log : logs.filter(log -> !log.getFileName().toString().startsWith("platform-simulator")).toList()) {
        places.add(new Place("log " + log.getFileName(), Files.readString(log)));
      }
    }
    places.add(new Place("database " + HeraldSystem.database(), dump(HeraldSystem.database())));
    assertThat(places).hasSizeGreaterThan(4);

    for (Place place : places) {
      for (String secret : secrets) {
        assertThat(place.text()).as("%s holds a secret in plaintext", place.name()).doesNotContain(secret);
      }
      assertThat(PLATFORM_TOKEN.matcher(place.text()).results().map(r -> r.group()).toList())
          .as("%s holds platform tokens in plaintext", place.name()).isEmpty();
    }
  }

  /** Makes, through the API, a password, an API client's secret and a webhook's secret, and uses each once. */
  private static List<String> secretsOfThisRun() {
    String email = "scan-" + UUID.randomUUID() + "@system.test";
    String token = given().baseUri(HeraldSystem.url(HeraldSystem.AUTH)).contentType(ContentType.JSON)
        .body(Map.of("tenantName", "Secrets scan", "email", email, "password", PASSWORD))
        .post("/api/v1/auth/signup").then().statusCode(201).extract().path("access_token");
    given().baseUri(HeraldSystem.url(HeraldSystem.AUTH)).contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", PASSWORD + "-wrong")).post("/api/v1/auth/login")
        .then().statusCode(401);
    String clientSecret = given().baseUri(HeraldSystem.url(HeraldSystem.AUTH)).auth().oauth2(token)
        .contentType(ContentType.JSON).body(Map.of("name", "scan", "roles", List.of("EDITOR")))
        .post("/api/v1/api-clients").then().statusCode(201).extract().path("clientSecret");
    String webhookSecret = given().baseUri(HeraldSystem.url(HeraldSystem.CONTENT)).auth().oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("url", "https://hooks.example.com/herald", "events", List.of("post.published")))
        .post("/api/v1/webhooks").then().statusCode(201).extract().path("secret");
    HeraldSystem.connect(token, "FACEBOOK");
    HeraldSystem.connect(token, "TIKTOK");
    return List.of(PASSWORD, PASSWORD + "-wrong", clientSecret, webhookSecret);
  }

  private static String dump(String database) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("pg_dump", "-h", "127.0.0.1", "-U", "postgres", "--data-only", database)
        .redirectErrorStream(true).start();
    String text = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(text).isZero();
    return text;
  }

  record Place(String name, String text) {}
}
