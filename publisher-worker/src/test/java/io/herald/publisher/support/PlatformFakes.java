package io.herald.publisher.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * One WireMock server standing in for the outside world: the Facebook Graph API (both hosts), TikTok's API, and
 * auth-service's token endpoint and internal API, each speaking the documented wire format.
 */
public class PlatformFakes implements QuarkusTestResourceLifecycleManager {
  private static WireMockServer server;

  @Override
  public Map<String, String> start() {
    server = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(20));
    server.start();
    server.stubFor(post(urlPathEqualTo("/oauth2/token")).atPriority(1).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"access_token\":\"service-token\",\"token_type\":\"Bearer\",\"expires_in\":900}")));
    String base = server.baseUrl();
    return Map.of(
        "herald.auth-url", base,
        "herald.facebook.graph-url", base,
        "herald.facebook.graph-video-url", base + "/video-host",
        "herald.facebook.upload-url", base + "/rupload",
        "herald.tiktok.api-url", base);
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  public static WireMockServer wireMock() {
    return server;
  }
}
