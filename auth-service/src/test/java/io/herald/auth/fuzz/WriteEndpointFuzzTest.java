package io.herald.auth.fuzz;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.auth.client.ServiceClient;
import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.auth.support.Platforms;
import io.herald.auth.support.ServiceTokens;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.logging.Log;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing (jqwik's generators) of every auth-service write endpoint: random and boundary JSON, wrong
 * types, empty and huge strings, NUL and other control characters, invalid UTF-8, deep nesting, oversized bodies,
 * odd content types and hostile headers. Every answer is below 500, and every 4xx is problem+json (RFC 6749 JSON on
 * {@code /oauth2/*}); afterwards the tables hold exactly what the 2xx answers created, and no half-written tenant.
 *
 * <p>jqwik's {@code @Property} methods run on jqwik's own engine, which does not start Quarkus (Quarkus' test support
 * is a JUnit Jupiter extension), so this suite draws from jqwik's {@code Arbitrary} generators inside a Jupiter
 * {@code @QuarkusTest}, with a seed printed at start (set {@code -Dherald.fuzz.seed=...} to replay one run) and a
 * count per endpoint ({@code -Dherald.fuzz.tries}, default 40).
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class WriteEndpointFuzzTest {
  private static final int TRIES = Integer.getInteger("herald.fuzz.tries", 40);
  private static final int GEN_SIZE = 1000;

  @Inject
  DataSource db;
  @Inject
  ServiceClient serviceClient;

  /** One write endpoint: how to call it, and the fields a valid body has (the generator mixes valid and hostile). */
  record Target(String name, String method, String path, Kind kind, Map<String, Arbitrary<String>> fields) {}

  enum Kind { JSON, FORM }

  @Test
  void everyWriteEndpointAnswersHostileInputWithA4xxProblemAndWritesNothingHalfway() throws SQLException {
    long seed = Long.getLong("herald.fuzz.seed", new Random().nextLong());
    Log.infof("Fuzz seed %d (replay with -Dherald.fuzz.seed=%d)", seed, seed);
    var random = new Random(seed);
    // Generators need jqwik's lifecycle: outside a @Property, a session provides it.
    JqwikSession.start();
    try {
      fuzz(random, seed);
    } finally {
      JqwikSession.finish();
    }
  }

  private void fuzz(Random random, long seed) throws SQLException {

    var owner = Api.signup();
    var invited = Api.as(owner).contentType("application/json")
        .body(Map.of("email", Api.uniqueEmail("fuzz-target"), "role", "VIEWER")).post("/api/v1/users").then()
        .statusCode(201).extract();
    String accountId = Platforms.connectFacebookPage(owner, "fuzz-" + UUID.randomUUID(), "EAAP-fuzz");
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    var created = new HashMap<String, Integer>();

    for (var target : targets(invited.path("id"), accountId)) {
      for (int i = 0; i < TRIES; i++) {
        var request = draw(requests(target), random);
        String token = target.path().startsWith("/internal/") ? service : owner.accessToken();
        Response response = send(target, request, token);
        int status = response.statusCode();
        String what = target.name() + " #" + i + " (seed " + seed + "): " + request + " -> " + status + " "
            + response.contentType() + " " + abbreviate(response.asString());
        assertThat(status).as(what).isLessThan(500);
        if (status >= 400 && status != 431) {
          String type = response.contentType();
          if (target.path().endsWith("/connect/confirm") && type.startsWith("text/html")) {
            // The browser's confirmation form answers its errors as a page (problem+json for Accept: JSON).
            assertThat(request.headers().get("Accept")).as(what).isNotEqualTo("application/json");
            assertThat(response.asString()).as(what).contains("Nothing was connected");
          } else if (target.path().startsWith("/oauth2/") && type.startsWith("application/json")) {
            // RFC 6749 §5.2 errors of the token endpoints (routing errors there are problem+json like anywhere).
            assertThat(response.jsonPath().getString("error")).as(what).isNotBlank();
          } else {
            assertThat(type).as(what).startsWith("application/problem+json");
            assertThat(response.jsonPath().getInt("status")).as(what).isEqualTo(status);
          }
        }
        if (status == 201) {
          created.merge(target.name(), 1, Integer::sum);
        }
      }
    }

    // Nothing half-written: the owner's tenant holds exactly what the 2xx answers created...
    assertThat(count("SELECT count(*) FROM users WHERE tenant_id = ?", owner.tenantId()))
        .isEqualTo(2L + created.getOrDefault("invite", 0));
    assertThat(count("SELECT count(*) FROM api_clients WHERE tenant_id = ?", owner.tenantId()))
        .isEqualTo((long) created.getOrDefault("api-client", 0));
    assertThat(count("SELECT count(*) FROM social_accounts WHERE tenant_id = ?", owner.tenantId())).isEqualTo(1L);
    assertThat(count("SELECT count(*) FROM users WHERE tenant_id = ? AND role = 'OWNER' AND status = 'ACTIVE'",
        owner.tenantId())).isGreaterThanOrEqualTo(1);
    // ...and no tenant anywhere was left without its OWNER (a signup that failed halfway).
    assertThat(count("SELECT count(*) FROM tenants t WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = t.id"
        + " AND u.role = 'OWNER')", null)).isZero();
  }

  /** A request to send: body bytes, content type and headers, shown in a failure message. */
  record Request(byte[] body, String contentType, Map<String, String> headers) {
    @Override
    public String toString() {
      return "body=" + abbreviate(new String(body, StandardCharsets.UTF_8)) + " type=" + contentType + " headers="
          + headers.keySet();
    }
  }

  private static List<Target> targets(String invitedUserId, String accountId) {
    var anyRole = Arbitraries.of("OWNER", "ADMIN", "EDITOR", "VIEWER", "service", "owner", "", "GOD");
    return List.of(
        new Target("signup", "POST", "/api/v1/auth/signup", Kind.JSON, Map.of(
            "tenantName", text(), "email", email(), "password", password())),
        new Target("login", "POST", "/api/v1/auth/login", Kind.JSON, Map.of("email", email(), "password", password())),
        new Target("accept-invitation", "POST", "/api/v1/auth/accept-invitation", Kind.JSON, Map.of(
            "token", text(), "password", password())),
        new Target("token", "POST", "/oauth2/token", Kind.FORM, Map.of(
            "grant_type", Arbitraries.of("refresh_token", "client_credentials", "password", "", "\u0000"),
            "refresh_token", text(), "client_id", text(), "client_secret", text())),
        new Target("revoke", "POST", "/oauth2/revoke", Kind.FORM, Map.of("token", text())),
        new Target("invite", "POST", "/api/v1/users", Kind.JSON, Map.of("email", email(), "role", anyRole)),
        new Target("change-role", "PATCH", "/api/v1/users/" + invitedUserId, Kind.JSON, Map.of("role", anyRole)),
        new Target("api-client", "POST", "/api/v1/api-clients", Kind.JSON, Map.of(
            "name", text(), "roles", Arbitraries.of("[\"EDITOR\"]", "[\"OWNER\"]", "[]", "[null]", "\"EDITOR\"",
                "[\"VIEWER\",\"EDITOR\",\"ADMIN\",\"X\"]").map(RawJson::new).map(RawJson::toString))),
        new Target("connect", "POST", "/api/v1/social-accounts/connect", Kind.JSON, Map.of(
            "platform", Arbitraries.of("FACEBOOK", "TIKTOK", "facebook", "MYSPACE", ""), "returnUrl", url())),
        new Target("tenant", "PATCH", "/api/v1/tenant", Kind.JSON, Map.of(
            "returnUrlAllowlist", url().list().ofMaxSize(25).map(WriteEndpointFuzzTest::jsonArray)
                .map(RawJson::new).map(RawJson::toString))),
        new Target("confirm", "POST", "/api/v1/social-accounts/connect/confirm", Kind.FORM, Map.of(
            "connect", text(), "csrf", text(), "decision", Arbitraries.of("confirm", "cancel", "", "yes"))),
        new Target("reauth-required", "POST", "/internal/v1/social-accounts/" + accountId + "/reauth-required",
            Kind.JSON, Map.of("reason", text())));
  }

  /** Marks a generated value that is already JSON (an array), not a string to quote. */
  record RawJson(String json) {
    @Override
    public String toString() {
      return "\u0001RAW" + json;
    }
  }

  private static Arbitrary<Request> requests(Target target) {
    Arbitrary<byte[]> body = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, fieldBody(target)),
        net.jqwik.api.Tuple.of(2, jsonValue(4).map(s -> s.getBytes(StandardCharsets.UTF_8))),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(10, 20_000).map(n -> ("[".repeat(n) + "]".repeat(n))
            .getBytes(StandardCharsets.UTF_8))),
        net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(60_000, 70_000).map(n -> ("{\"x\":\"" + "y".repeat(n)
            + "\"}").getBytes(StandardCharsets.UTF_8))));
    Arbitrary<String> contentType = Arbitraries.frequency(
        net.jqwik.api.Tuple.of(8, target.kind() == Kind.JSON ? "application/json" : "application/x-www-form-urlencoded"),
        net.jqwik.api.Tuple.of(1, "text/plain"), net.jqwik.api.Tuple.of(1, "application/json; charset=ISO-8859-1"),
        net.jqwik.api.Tuple.of(1, "application/x-www-form-urlencoded"), net.jqwik.api.Tuple.of(1, "application/xml"),
        net.jqwik.api.Tuple.of(1, "multipart/form-data; boundary=\"\u0000\""));
    Arbitrary<Map<String, String>> headers = Combinators.combine(
        Arbitraries.of("", "10.1.2.3", "unknown", "999.1.1.1, ::1", "[::1]:80, 10.0.0.1", "a".repeat(4000),
            "1.1.1.1,".repeat(300)),
        Arbitraries.of("", "*/*", "application/json", "text/html", "application/xml", "garbage/;;;", "*/*;q=x"),
        Arbitraries.of("", "Bearer x.y.z", "Bearer " + "a".repeat(3000), "Basic !!!", "Basic Og==", "Bearer"))
        .as((xff, accept, authorization) -> {
          var map = new HashMap<String, String>();
          map.put("X-Forwarded-For", xff);
          map.put("Accept", accept);
          map.put("X-Fuzz-Authorization", authorization);
          return map;
        });
    return Combinators.combine(body, contentType, headers).as(Request::new);
  }

  /** A JSON object with the endpoint's fields (each valid, hostile, of a wrong type, or missing) and extra ones. */
  private static Arbitrary<byte[]> fieldBody(Target target) {
    var parts = new ArrayList<Arbitrary<String>>();
    for (var field : target.fields().entrySet()) {
      Arbitrary<String> value = Arbitraries.frequencyOf(
          net.jqwik.api.Tuple.of(5, field.getValue().map(WriteEndpointFuzzTest::quote)),
          net.jqwik.api.Tuple.of(3, jsonValue(3)));
      parts.add(Arbitraries.frequencyOf(
          net.jqwik.api.Tuple.of(8, value.map(v -> quote(field.getKey()) + ":" + v)),
          net.jqwik.api.Tuple.of(1, Arbitraries.just(""))));
    }
    parts.add(Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just("")),
        net.jqwik.api.Tuple.of(1, Combinators.combine(text(), jsonValue(2)).as((k, v) -> quote(k) + ":" + v))));
    Arbitrary<List<String>> all = Combinators.combine(parts).as(list -> list);
    return all.map(list -> {
      var members = list.stream().filter(s -> !s.isEmpty()).toList();
      return ("{" + String.join(",", members) + "}").getBytes(StandardCharsets.UTF_8);
    });
  }

  private static Arbitrary<String> jsonValue(int depth) {
    var leaves = Arbitraries.oneOf(text().map(WriteEndpointFuzzTest::quote),
        Arbitraries.of("0", "-0", "1e400", "-1e-400", "123456789012345678901234567890", "true", "false", "null",
            "NaN", "\"\\ud800\"", "\"\\u0000\"", "1.", "01", "{", "]", "\"unterminated"));
    if (depth == 0) {
      return leaves;
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, leaves),
        net.jqwik.api.Tuple.of(1, jsonValue(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]")),
        net.jqwik.api.Tuple.of(1, Combinators.combine(text(), jsonValue(depth - 1)).as((k, v) -> "{" + quote(k) + ":"
            + v + "}")));
  }

  /** Strings at the edges: empty, blank, boundary and huge lengths, NUL and control characters, any Unicode. */
  private static Arbitrary<String> text() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.strings().all().ofMaxLength(30)),
        net.jqwik.api.Tuple.of(2, Arbitraries.strings().withChars("\u0000\u0001\u0007\n\r\t\"\\<>&'%;\u2028\ufeff")
            .ofMaxLength(12)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("", " ", "\u0000", "null", "undefined", "%00", "../../etc/passwd",
            "' OR 1=1 --", "<script>alert(1)</script>", "\ud83d\ude00", "\ud800")),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(99, 100, 101, 199, 200, 201, 253, 254, 255, 511, 512, 513, 4096)
            .map("x"::repeat)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(10_000, 40_000).map("z"::repeat)));
  }

  private static Arbitrary<String> email() {
    return Arbitraries.oneOf(text(), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)
        .map(s -> s + "-" + UUID.randomUUID() + "@example.com"), text().map(s -> s + "@example.com"));
  }

  private static Arbitrary<String> password() {
    return Arbitraries.oneOf(text(), Arbitraries.just(Api.PASSWORD), Arbitraries.just("é".repeat(40)));
  }

  private static Arbitrary<String> url() {
    return Arbitraries.oneOf(text(), Arbitraries.of("https://app.example.org/x", "http://localhost:3000",
        "javascript:alert(1)", "https://user:pw@evil.example", "//evil.example", "https://[::1", "https://a.example#f",
        "data:text/html,hi", "https://" + "a".repeat(3000) + ".example"));
  }

  private static String quote(String value) {
    if (value.startsWith("\u0001RAW")) {
      return value.substring(4);
    }
    var out = new StringBuilder("\"");
    value.chars().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.append((char) c);
          }
        }
      }
    });
    return out.append('"').toString();
  }

  private static String jsonArray(List<String> values) {
    return "[" + String.join(",", values.stream().map(WriteEndpointFuzzTest::quote).toList()) + "]";
  }

  private static <T> T draw(Arbitrary<T> arbitrary, Random random) {
    return arbitrary.generator(GEN_SIZE).next(random).value();
  }

  private Response send(Target target, Request request, String token) {
    var spec = given().config(RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
            .encodeContentTypeAs("application/json", io.restassured.http.ContentType.BINARY)
            .encodeContentTypeAs("text/plain", io.restassured.http.ContentType.BINARY)
            .encodeContentTypeAs("application/xml", io.restassured.http.ContentType.BINARY)
            .encodeContentTypeAs("application/x-www-form-urlencoded", io.restassured.http.ContentType.BINARY)
            .encodeContentTypeAs("multipart/form-data", io.restassured.http.ContentType.BINARY)
            .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
        .contentType(request.contentType()).body(request.body());
    request.headers().forEach((name, value) -> {
      if (!value.isEmpty() && !name.equals("X-Fuzz-Authorization")) {
        spec.header(name, value);
      }
    });
    String authorization = request.headers().get("X-Fuzz-Authorization");
    // Mostly the real token, so the body is what is being tested; sometimes a hostile Authorization header.
    spec.header("Authorization", authorization.isEmpty() || request.body().length % 5 != 0 ? "Bearer " + token
        : authorization);
    if (target.kind() == Kind.FORM && request.contentType().startsWith("application/x-www-form-urlencoded")) {
      spec.body(formOf(request.body()));
    }
    return spec.request(target.method(), target.path());
  }

  /** A JSON object body turned into form fields (same hostile values), else the bytes as they are. */
  private static byte[] formOf(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (!text.startsWith("{\"")) {
      return body;
    }
    var form = new StringBuilder();
    for (String member : text.substring(1, Math.max(1, text.length() - 1)).split(",\"")) {
      int colon = member.indexOf("\":");
      if (colon < 0) {
        continue;
      }
      String key = member.replaceFirst("^\"", "").substring(0, Math.max(0, colon - (member.startsWith("\"") ? 1 : 0)));
      String value = member.substring(colon + 2).replaceAll("^\"|\"$", "");
      form.append(form.isEmpty() ? "" : "&").append(enc(key)).append('=').append(enc(value));
    }
    return form.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String enc(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private long count(String sql, UUID tenantId) throws SQLException {
    try (var connection = db.getConnection(); var statement = connection.prepareStatement(sql)) {
      if (tenantId != null) {
        statement.setObject(1, tenantId);
      }
      var result = statement.executeQuery();
      result.next();
      return result.getLong(1);
    }
  }

  private static String abbreviate(String value) {
    return value.length() <= 300 ? value : value.substring(0, 300) + "…(" + value.length() + ")";
  }
}
