package io.herald.auth.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.auth.client.ServiceClient;
import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.auth.support.Platforms;
import io.herald.auth.support.ServiceTokens;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.fuzz.Fuzz;
import io.herald.common.testing.fuzz.HostileJson;
import io.herald.common.testing.fuzz.HostileRequest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing (jqwik's generators, through common's fuzz kit) of every auth-service write endpoint: random
 * and boundary JSON, wrong types, empty and huge strings, NUL and other control characters, invalid UTF-8, deep
 * nesting, oversized bodies, odd content types and hostile headers. Every answer is below 500, and every 4xx is
 * problem+json (RFC 6749 JSON on {@code /oauth2/*}); afterwards the tables hold exactly what the 2xx answers created,
 * and no half-written tenant.
 *
 * <p>The seed is logged at start ({@code -Dherald.fuzz.seed=...} replays one run); {@code -Dherald.fuzz.tries} sets
 * the count per endpoint (default 40). See {@link Fuzz} for why this is a Jupiter test drawing from jqwik.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class WriteEndpointFuzzTest {
  private static final int TRIES = Fuzz.tries(40);
  /** auth-service's {@code quarkus.http.limits.max-body-size} (64K). */
  private static final int BODY_LIMIT = 64 * 1024;

  @Inject
  DataSource db;
  @Inject
  ServiceClient serviceClient;

  /** One write endpoint: how to call it, and the fields a valid body has (the generator mixes valid and hostile). */
  record Target(String name, String method, String path, Kind kind, Map<String, Arbitrary<String>> fields) {}

  enum Kind { JSON, FORM }

  @Test
  void everyWriteEndpointAnswersHostileInputWithA4xxProblemAndWritesNothingHalfway() {
    Fuzz.run("auth-service write endpoints", this::fuzz);
  }

  private void fuzz(Random random, long seed) {
    var owner = Api.signup();
    var invited = Api.as(owner).contentType("application/json")
        .body(Map.of("email", Api.uniqueEmail("fuzz-target"), "role", "VIEWER")).post("/api/v1/users").then()
        .statusCode(201).extract();
    String accountId = Platforms.connectFacebookPage(owner, "fuzz-" + UUID.randomUUID(), "EAAP-fuzz");
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    var created = new HashMap<String, Integer>();

    for (var target : targets(invited.path("id"), accountId)) {
      var requests = HostileRequest.of(HostileJson.objectBytes(target.fields()), target.kind() == Kind.JSON
          ? "application/json" : "application/x-www-form-urlencoded", BODY_LIMIT);
      for (int i = 0; i < TRIES; i++) {
        var request = Fuzz.draw(requests, random);
        String token = target.path().startsWith("/internal/") ? service : owner.accessToken();
        Response response = send(target, request, token);
        int status = response.statusCode();
        String what = target.name() + " #" + i + " (seed " + seed + "): " + request;
        String type = response.contentType();
        if (status >= 400 && status < 500 && target.path().endsWith("/connect/confirm")
            && type.startsWith("text/html")) {
          // The browser's confirmation form answers its errors as a page (problem+json for Accept: JSON).
          assertThat(request.headers().get("Accept")).as(what + " -> " + status).isNotEqualTo("application/json");
          assertThat(response.asString()).as(what + " -> " + status).contains("Nothing was connected");
        } else if (status >= 400 && status < 500 && target.path().startsWith("/oauth2/")
            && type.startsWith("application/json")) {
          // RFC 6749 §5.2 errors of the token endpoints (routing errors there are problem+json like anywhere).
          assertThat(response.jsonPath().getString("error")).as(what + " -> " + status).isNotBlank();
        } else {
          HostileRequest.assertNoServerErrorAndProblems(response, what);
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

  private static List<Target> targets(String invitedUserId, String accountId) {
    var text = HostileJson.text();
    var anyRole = Arbitraries.of("OWNER", "ADMIN", "EDITOR", "VIEWER", "service", "owner", "", "GOD");
    return List.of(
        new Target("signup", "POST", "/api/v1/auth/signup", Kind.JSON, Map.of(
            "tenantName", text, "email", email(), "password", password())),
        new Target("login", "POST", "/api/v1/auth/login", Kind.JSON, Map.of("email", email(), "password", password())),
        new Target("accept-invitation", "POST", "/api/v1/auth/accept-invitation", Kind.JSON, Map.of(
            "token", text, "password", password())),
        new Target("token", "POST", "/oauth2/token", Kind.FORM, Map.of(
            "grant_type", Arbitraries.of("refresh_token", "client_credentials", "password", "", "\u0000"),
            "refresh_token", text, "client_id", text, "client_secret", text)),
        new Target("revoke", "POST", "/oauth2/revoke", Kind.FORM, Map.of("token", text)),
        new Target("invite", "POST", "/api/v1/users", Kind.JSON, Map.of("email", email(), "role", anyRole)),
        new Target("change-role", "PATCH", "/api/v1/users/" + invitedUserId, Kind.JSON, Map.of("role", anyRole)),
        new Target("api-client", "POST", "/api/v1/api-clients", Kind.JSON, Map.of(
            "name", text, "roles", Arbitraries.of("[\"EDITOR\"]", "[\"OWNER\"]", "[]", "[null]", "\"EDITOR\"",
                "[\"VIEWER\",\"EDITOR\",\"ADMIN\",\"X\"]").map(HostileJson::raw))),
        new Target("connect", "POST", "/api/v1/social-accounts/connect", Kind.JSON, Map.of(
            "platform", Arbitraries.of("FACEBOOK", "TIKTOK", "facebook", "MYSPACE", ""), "returnUrl",
            HostileJson.url())),
        new Target("tenant", "PATCH", "/api/v1/tenant", Kind.JSON, Map.of(
            "returnUrlAllowlist", HostileJson.array(HostileJson.url(), 25))),
        new Target("confirm", "POST", "/api/v1/social-accounts/connect/confirm", Kind.FORM, Map.of(
            "connect", text, "csrf", text, "decision", Arbitraries.of("confirm", "cancel", "", "yes"))),
        new Target("reauth-required", "POST", "/internal/v1/social-accounts/" + accountId + "/reauth-required",
            Kind.JSON, Map.of("reason", text)));
  }

  private static Arbitrary<String> email() {
    return Arbitraries.oneOf(HostileJson.text(), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)
        .map(s -> s + "-" + UUID.randomUUID() + "@example.com"), HostileJson.text().map(s -> s + "@example.com"));
  }

  private static Arbitrary<String> password() {
    return Arbitraries.oneOf(HostileJson.text(), Arbitraries.just(Api.PASSWORD), Arbitraries.just("é".repeat(40)));
  }

  private static Response send(Target target, HostileRequest request, String token) {
    var spec = request.spec(token);
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

  private long count(String sql, UUID tenantId) {
    try (var connection = db.getConnection(); var statement = connection.prepareStatement(sql)) {
      if (tenantId != null) {
        statement.setObject(1, tenantId);
      }
      var result = statement.executeQuery();
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
