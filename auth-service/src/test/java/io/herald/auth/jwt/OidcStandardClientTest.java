package io.herald.auth.jwt;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.auth.support.Api;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A standard OpenID/OAuth client, npm {@code openid-client} (with {@code oauth4webapi} for RFC 9068 validation), run
 * by Node from {@code src/test/resources/oidc-client}: it discovers auth-service at
 * {@code {issuer}/.well-known/openid-configuration}, gets a token by client_credentials and validates it (and a
 * user's token) as an access token for {@code herald-content}. Needs {@code node} and {@code npm} (and the npm
 * registry, for {@code npm ci} into {@code target/}).
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@TestProfile(OidcStandardClientTest.UrlIssuer.class)
class OidcStandardClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** auth-service with its public URL as issuer, on a fixed port so that URL is where it really answers. */
  public static class UrlIssuer implements QuarkusTestProfile {
    static final int PORT = freePort();
    static final String URL = "http://localhost:" + PORT;

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.http.test-port", Integer.toString(PORT), "herald.public-url", URL,
          "herald.jwt.issuer", URL);
    }

    private static int freePort() {
      try (var socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void openidClientDiscoversAuthServiceAndValidatesItsAccessTokens() throws Exception {
    var owner = Api.signup();
    var created = Api.as(owner).contentType(ContentType.JSON).body(Map.of("name", "OIDC", "roles", List.of("EDITOR")))
        .post("/api/v1/api-clients").then().statusCode(201).extract();
    given().get("/.well-known/openid-configuration").then().statusCode(200)
        .body("issuer", org.hamcrest.Matchers.equalTo(UrlIssuer.URL));

    JsonNode result = run(created.path("clientId"), created.path("clientSecret"), owner.accessToken());

    assertThat(result.path("ok").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.path("issuer").asText()).isEqualTo(UrlIssuer.URL);
    JsonNode claims = result.path("claims");
    assertThat(claims.path("iss").asText()).isEqualTo(UrlIssuer.URL);
    assertThat(claims.path("client_id").asText()).isEqualTo(created.<String>path("clientId"));
    assertThat(claims.path("tid").asText()).isEqualTo(owner.tenantId().toString());
    assertThat(claims.path("groups").toString()).contains("EDITOR");
    JsonNode user = result.path("extraClaims");
    assertThat(user.path("sub").asText()).isEqualTo(owner.userId().toString());
    assertThat(user.path("client_id").asText()).isEqualTo("herald-login");
  }

  private static JsonNode run(String clientId, String clientSecret, String userToken) throws Exception {
    Path dir = Path.of("target", "oidc-client");
    Files.createDirectories(dir);
    Path source = Path.of("src", "test", "resources", "oidc-client");
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        Files.copy(file, dir.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (!Files.isDirectory(dir.resolve("node_modules/openid-client"))) {
      exec(dir, 180, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
    }
    String out = exec(dir, 60, "node", "validate.mjs", UrlIssuer.URL, clientId, clientSecret, "herald-content",
        userToken);
    String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
    return JSON.readTree(last);
  }

  private static String exec(Path dir, int seconds, String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s: " + out);
    }
    if (process.exitValue() != 0 && !command[0].equals("node")) {
      throw new AssertionError(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }
}
