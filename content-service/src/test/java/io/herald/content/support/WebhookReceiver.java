package io.herald.content.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.herald.content.support.Posts.as;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;

/** A tenant's webhook endpoint, as the posts tests use one: it takes every delivery (204) and keeps them. */
public final class WebhookReceiver {
  private final WireMockServer server;

  private WebhookReceiver() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
    server.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
  }

  /** A receiver listening on a free port; {@link #stop} it after the test. */
  public static WebhookReceiver start() {
    return new WebhookReceiver();
  }

  /** Registers the receiver as a webhook of the token's tenant (an OWNER's token) for these events. */
  public void subscribe(String ownerToken, String... events) {
    as(ownerToken).body("{\"url\":\"http://localhost:" + server.port() + "/hook\",\"events\":[\""
        + String.join("\",\"", events) + "\"]}").post("/api/v1/webhooks").then().statusCode(201);
  }

  /** The deliveries received so far, oldest first. */
  public List<LoggedRequest> hooks() {
    return server.findAll(postRequestedFor(urlEqualTo("/hook")));
  }

  public void stop() {
    server.stop();
  }
}
