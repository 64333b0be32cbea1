package io.herald.auth.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A WireMock server standing in for Facebook (Graph, login dialog) and TikTok (OAuth); each test stubs the
 * documented answers it needs, keyed by values unique to the test (codes, tokens), so tests never collide.
 */
public class PlatformFake implements QuarkusTestResourceLifecycleManager {
  public static final String PUBLIC_URL = "https://herald.example.test";
  private static WireMockServer server;

  @Override
  public Map<String, String> start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
    String base = server.baseUrl();
    return Map.of(
        "herald.facebook.graph-url", base,
        "herald.facebook.dialog-url", base,
        "herald.tiktok.api-url", base,
        "herald.tiktok.auth-url", base,
        "herald.public-url", PUBLIC_URL);
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
}
