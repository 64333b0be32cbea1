package io.herald.content.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.herald.common.stream.Platform;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * Stands in for auth-service: its client_credentials token endpoint and its internal account API, answering
 * exactly the shapes of docs/internal-api.md (including problem+json 404s). Tests register their own accounts.
 */
public class AuthServiceMock implements QuarkusTestResourceLifecycleManager {
  public static final String SERVICE_TOKEN = "service-token-" + UUID.randomUUID();
  private static WireMockServer server;

  @Override
  public Map<String, String> start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
    server.stubFor(post(urlEqualTo("/oauth2/token"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"access_token\":\"" + SERVICE_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":900}")));
    server.stubFor(get(urlPathMatching("/internal/v1/social-accounts/.*"))
        .atPriority(10)
        .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
            .withBody("{\"type\":\"https://herald.dev/problems/not-found\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"Social account was not found\"}")));
    return Map.of(
        "herald.auth-url", server.baseUrl(),
        "quarkus.oidc-client.auth-server-url", server.baseUrl(),
        "quarkus.rest-client.auth-service.url", server.baseUrl());
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  public static WireMockServer server() {
    return server;
  }

  /** Registers a connected account of the tenant in the fake auth-service; answers its id. */
  public static UUID account(UUID tenantId, Platform platform, String status) {
    return account(UUID.randomUUID(), tenantId, platform, status);
  }

  /** (Re)states what auth-service answers for an account id, e.g. after it changed status. */
  public static UUID account(UUID id, UUID tenantId, Platform platform, String status) {
    return account(id, tenantId, platform, status, "[]");
  }

  /** A TikTok account whose tenant stated the URL prefixes it verified at TikTok. */
  public static UUID tiktokVerifying(UUID tenantId, String... prefixes) {
    return account(UUID.randomUUID(), tenantId, Platform.TIKTOK, "ACTIVE", java.util.Arrays.stream(prefixes)
        .map(p -> "\"" + p + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]")));
  }

  private static UUID account(UUID id, UUID tenantId, Platform platform, String status, String prefixes) {
    server.stubFor(get(urlEqualTo("/internal/v1/social-accounts/" + id))
        .withHeader("Authorization", equalTo("Bearer " + SERVICE_TOKEN))
        .atPriority(1)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("""
                {"id":"%s","tenantId":"%s","platform":"%s","externalId":"ext-%s","name":"%s account",
                 "status":"%s","connectedAt":"2026-01-01T00:00:00Z","verifiedUrlPrefixes":%s}"""
                .formatted(id, tenantId, platform, id.toString().substring(0, 8), platform, status, prefixes))));
    return id;
  }

  public static UUID active(UUID tenantId, Platform platform) {
    return account(tenantId, platform, "ACTIVE");
  }

  /**
   * What auth-service's internal capabilities call answers for a TikTok account: the creator_info fields given as the
   * members of its {@code tiktok} object, e.g. {@code "privacyLevelOptions":["SELF_ONLY"],"commentDisabled":true}.
   */
  public static void creatorInfo(UUID id, String tiktokMembers) {
    server.stubFor(get(urlEqualTo("/internal/v1/social-accounts/" + id + "/capabilities"))
        .withHeader("Authorization", equalTo("Bearer " + SERVICE_TOKEN))
        .atPriority(1)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("""
                {"socialAccountId":"%s","platform":"TIKTOK","tiktok":{"nickname":"Creator","username":"creator",
                 %s},"checkedAt":"2026-01-01T00:00:00Z"}""".formatted(id, tiktokMembers))));
  }

  /** auth-service's capabilities call for this account answers a problem with this status. */
  public static void creatorInfoFails(UUID id, int status) {
    server.stubFor(get(urlEqualTo("/internal/v1/social-accounts/" + id + "/capabilities"))
        .atPriority(1)
        .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
            .withBody("{\"type\":\"https://herald.dev/problems/unavailable\",\"title\":\"x\",\"status\":"
                + status + ",\"detail\":\"TIKTOK could not be reached or failed; try again shortly\"}")));
  }

  /** An account id whose look-up fails at the network level, as if auth-service were down. */
  public static UUID unreachable() {
    return unreachable(UUID.randomUUID());
  }

  /** From now on, look-ups of this account fail at the network level. */
  public static UUID unreachable(UUID id) {
    server.stubFor(get(urlEqualTo("/internal/v1/social-accounts/" + id)).atPriority(1)
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    return id;
  }
}
