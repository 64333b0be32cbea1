package io.herald.simulator.tiktok;

import static io.herald.simulator.tiktok.TikTokCalls.VIDEO;
import static io.herald.simulator.tiktok.TikTokCalls.pullBody;
import static io.herald.simulator.tiktok.TikTokCalls.status;
import static io.herald.simulator.tiktok.TikTokWebhookTest.waiting;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.herald.simulator.SimFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Publishes finish on their own (nobody polls), expired uploads fail, and an init answered after the client's
 * timeout still publishes: the webhook is then the only way to learn its publish_id.
 */
@QuarkusTest
@TestProfile(TikTokBackgroundProcessingTest.Background.class)
class TikTokBackgroundProcessingTest {
  static final String SECRET = "configured-secret";

  /** Time-based processing only, short upload URLs, a configured client key and secret. */
  public static class Background implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "herald.simulator.tiktok.processing-time", "PT0.5S",
          "herald.simulator.tiktok.status-polls-to-complete", "1000",
          "herald.simulator.tiktok.upload-url-lifetime", "PT1S",
          "herald.simulator.tiktok.client-key", "configured-key",
          "herald.simulator.tiktok.client-secret", SECRET);
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Inject
  WebhookReceiver receiver;

  /** Webhook faults and refusals are global: no publish of an earlier test may finish during this one. */
  @BeforeEach
  void register() {
    given().post("/_sim/reset").then().statusCode(204);
    receiver.clear();
    // a configured client secret wins over the one given at registration
    Webhooks.register(base, Map.of("clientSecret", "ignored"));
  }

  @AfterEach
  void unregister() {
    Webhooks.unregister();
    given().delete("/_sim/faults").then().statusCode(204);
  }

  @Test
  void aPublishCompletesAndIsAnnouncedWithoutAnyonePolling() {
    var creator = SimFixtures.creator();
    String publishId = TikTokWebhookTest.init(creator, pullBody("SELF_ONLY", VIDEO));

    waiting().untilAsserted(() -> assertThat(Webhooks.received(receiver, publishId, SECRET)).singleElement()
        .satisfies(event -> {
          assertThat(event.signedWith()).isTrue();
          assertThat(event.name()).isEqualTo("post.publish.complete");
          assertThat(event.envelope().path("client_key").asText()).isEqualTo("configured-key");
        }));
    assertThat(Webhooks.statuses(creator)).containsExactly("PUBLISH_COMPLETE");
  }

  @Test
  void anUploadWhoseBytesNeverArriveFailsWhenItsUrlExpires() {
    var creator = SimFixtures.creator();
    String publishId = TikTokCalls.init(creator, 1000, 1000, 1).getString("data.publish_id");

    waiting().untilAsserted(() -> assertThat(Webhooks.received(receiver, publishId, SECRET)).singleElement()
        .satisfies(event -> {
          assertThat(event.name()).isEqualTo("post.publish.failed");
          assertThat(event.content().path("reason").asText()).isEqualTo("video_pull_failed");
        }));
    status(creator, publishId).then().statusCode(200)
        .body("data.status", equalTo("FAILED")).body("data.fail_reason", equalTo("video_pull_failed"))
        .body("data.uploaded_bytes", equalTo(0));
  }

  @Test
  void anInitAnsweredAfterTheClientsTimeoutStillPublishesAndIsAnnounced() throws Exception {
    var creator = SimFixtures.creator();
    given().contentType("application/json").body(Map.of("endpoint", "tiktok.video_init",
            "mode", "SUCCEED_THEN_LATE", "latencyMs", 3000, "count", 1))
        .post("/_sim/faults").then().statusCode(201);

    var request = HttpRequest.newBuilder(base.resolve("v2/post/publish/video/init/"))
        .timeout(Duration.ofMillis(500))
        .header("Content-Type", "application/json; charset=UTF-8")
        .header("Authorization", "Bearer " + creator.get("access_token"))
        .POST(HttpRequest.BodyPublishers.ofString(pullBody("PUBLIC_TO_EVERYONE", VIDEO)))
        .build();
    try (var client = HttpClient.newHttpClient()) {
      assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(HttpTimeoutException.class);
    }

    waiting().untilAsserted(() -> assertThat(Webhooks.statuses(creator)).containsExactly("PUBLISH_COMPLETE"));
    String publishId = (String) ((Map<?, ?>) TikTokCalls.published(creator).getFirst()).get("publishId");
    waiting().untilAsserted(() -> assertThat(Webhooks.received(receiver, publishId, SECRET))
        .extracting(Webhooks.Event::name)
        .containsExactlyInAnyOrder("post.publish.complete", "post.publish.publicly_available"));
    assertThat(Webhooks.received(receiver, publishId, SECRET))
        .allSatisfy(event -> assertThat(event.envelope().path("user_openid").asText())
            .isEqualTo(creator.get("openId")));
  }
}
