package io.herald.common.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.herald.common.loop.Backoff;
import io.vertx.mutiny.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An outgoing delivery against a real HTTP endpoint: delivered, refused, silent, trickling, unreachable. */
class DeliveryClientTest {
  static WireMockServer endpoint;
  static Vertx vertx;
  static DeliveryClient client;

  @BeforeAll
  static void start() {
    endpoint = new WireMockServer(wireMockConfig().dynamicPort());
    endpoint.start();
    vertx = Vertx.vertx();
    client = new DeliveryClient(vertx, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    client.close();
    vertx.closeAndAwait();
    endpoint.stop();
  }

  OutgoingRequest to(String path) {
    return new OutgoingRequest(URI.create(endpoint.baseUrl() + path), Map.of("Herald-Event", "post.published"),
        "{\"ok\":true}");
  }

  @Test
  void a2xxIsDeliveredWithTheHeadersAndBody() {
    endpoint.stubFor(post(urlPathEqualTo("/ok")).willReturn(aResponse().withStatus(204)));

    Attempt attempt = client.post(to("/ok"));

    assertThat(attempt.delivered()).isTrue();
    assertThat(attempt.status()).isEqualTo(204);
    endpoint.verify(postRequestedFor(urlPathEqualTo("/ok")).withHeader("Herald-Event", equalTo("post.published"))
        .withRequestBody(equalTo("{\"ok\":true}")));
  }

  @Test
  void anyOtherAnswerIsAFailureNamingTheStatusOnly() {
    endpoint.stubFor(post(urlPathEqualTo("/refused")).willReturn(aResponse().withStatus(500).withBody("secret stack")));

    Attempt attempt = client.post(to("/refused"));

    assertThat(attempt.delivered()).isFalse();
    assertThat(attempt.status()).as(attempt.error()).isEqualTo(500);
    assertThat(attempt.error()).isEqualTo("HTTP 500").doesNotContain("secret");
  }

  @Test
  void anEndpointThatNeverAnswersOrTricklesCostsAtMostTheDeadline() {
    endpoint.stubFor(post(urlPathEqualTo("/silent")).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));
    endpoint.stubFor(post(urlPathEqualTo("/trickle")).willReturn(aResponse().withStatus(200)
        .withBody(new byte[2_000]).withChunkedDribbleDelay(20, 5_000)));

    try (var impatient = new DeliveryClient(vertx, Duration.ofMillis(800))) {
      for (String path : new String[] {"/silent", "/trickle"}) {
        Instant start = Instant.now();
        Attempt attempt = impatient.post(to(path));
        assertThat(attempt.delivered()).as(path).isFalse();
        assertThat(attempt.error()).as(path).contains("no answer within 800 ms");
        assertThat(Duration.between(start, Instant.now())).as(path).isLessThan(Duration.ofMillis(4_000));
      }
    }
  }

  @Test
  void anUnreachableEndpointIsAFailure() {
    Attempt attempt = client.post(new OutgoingRequest(URI.create("http://127.0.0.1:1/x"), Map.of(), "{}"));

    assertThat(attempt.delivered()).isFalse();
    assertThat(attempt.status()).isNull();
    assertThat(attempt.error()).startsWith("unreachable");
  }

  @Test
  void aTenantsAddressIsCheckedWhenSentAndTheCheckedAddressIsTheOneConnectedTo() {
    endpoint.stubFor(post(urlPathEqualTo("/guarded")).willReturn(aResponse().withStatus(204)));
    var strict = new DeliveryClient(vertx, Duration.ofMillis(800), new OutboundAddresses(java.util.List.of()));
    var allowed = new DeliveryClient(vertx, Duration.ofMillis(800),
        new OutboundAddresses(java.util.List.of("localhost", "127.0.0.0/8")));
    var request = new OutgoingRequest(URI.create("http://localhost:" + endpoint.port() + "/guarded"), Map.of(), "{}");
    try {
      Attempt refused = strict.post(request);
      assertThat(refused.delivered()).isFalse();
      assertThat(refused.status()).isNull();
      assertThat(refused.error()).contains("https");
      endpoint.verify(0, postRequestedFor(urlPathEqualTo("/guarded")));

      assertThat(allowed.post(request).delivered()).isTrue();
      endpoint.verify(1, postRequestedFor(urlPathEqualTo("/guarded"))
          .withHeader("Host", equalTo("localhost:" + endpoint.port())));
    } finally {
      strict.close();
      allowed.close();
    }
  }

  @Test
  void theRetryPolicyBacksOffAndGivesUpAfterItsAttemptsOrItsTime() {
    var policy = new RetryPolicy(Backoff.doubling(Duration.ofSeconds(10), Duration.ofMinutes(5)), 4,
        Duration.ofHours(1));
    Instant created = Instant.parse("2026-12-01T09:00:00Z");

    assertThat(policy.next(1, created, created)).contains(created.plusSeconds(10));
    assertThat(policy.next(3, created, created)).contains(created.plusSeconds(40));
    assertThat(policy.next(4, created, created)).isEmpty();
    assertThat(policy.next(1, created, created.plus(Duration.ofMinutes(59).plusSeconds(55)))).isEmpty();
  }
}
