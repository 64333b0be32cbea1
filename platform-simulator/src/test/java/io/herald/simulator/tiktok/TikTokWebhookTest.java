package io.herald.simulator.tiktok;

import static io.herald.simulator.tiktok.TikTokCalls.VIDEO;
import static io.herald.simulator.tiktok.TikTokCalls.call;
import static io.herald.simulator.tiktok.TikTokCalls.pullBody;
import static io.herald.simulator.tiktok.TikTokCalls.status;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.herald.simulator.SimFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Publish webhooks as TikTok sends them: events per final status, signed, at-least-once, and their faults. */
@QuarkusTest
class TikTokWebhookTest {
  static final String SECRET = "registered-secret";

  @TestHTTPResource("/")
  URI base;

  @Inject
  WebhookReceiver receiver;

  /** Webhook faults and refusals are global: no publish of an earlier test may finish during this one. */
  @BeforeEach
  void register() {
    given().post("/_sim/reset").then().statusCode(204);
    receiver.clear();
    Webhooks.register(base, Map.of("clientSecret", SECRET));
  }

  @AfterEach
  void unregister() {
    Webhooks.unregister();
    given().delete("/_sim/faults").then().statusCode(204);
  }

  @Test
  void aPublicPostSendsCompleteAndPubliclyAvailableSignedWithTheRegisteredSecret() {
    var creator = SimFixtures.creator();
    String publishId = init(creator, pullBody("PUBLIC_TO_EVERYONE", VIDEO));
    status(creator, publishId);
    long postId = status(creator, publishId).then().body("data.status", equalTo("PUBLISH_COMPLETE"))
        .extract().jsonPath().getLong("data.publicaly_available_post_id[0]");

    var events = await(publishId, 2);

    assertThat(events).extracting(Webhooks.Event::name)
        .containsExactlyInAnyOrder("post.publish.complete", "post.publish.publicly_available");
    assertThat(events).allSatisfy(event -> {
      assertThat(event.signedWith()).isTrue();
      assertThat(event.envelope().path("client_key").asText()).isEqualTo("simulated-client");
      assertThat(event.envelope().path("user_openid").asText()).isEqualTo(creator.get("openId"));
      assertThat(event.envelope().path("create_time").asLong()).isCloseTo(Instant.now().getEpochSecond(),
          org.assertj.core.data.Offset.offset(30L));
      assertThat(event.envelope().path("content").isTextual()).isTrue();
      assertThat(event.content().path("publish_type").asText()).isEqualTo("DIRECT_PUBLISH");
    });
    assertThat(events).filteredOn(e -> e.name().equals("post.publish.publicly_available")).singleElement()
        .satisfies(e -> assertThat(e.content().path("post_id").asText()).isEqualTo(Long.toString(postId)));
    assertThat(Webhooks.deliveries(publishId)).hasSize(2).allSatisfy(delivery ->
        assertThat(delivery).containsEntry("outcome", "DELIVERED").containsEntry("statusCode", 200)
            .containsEntry("tries", 1));
  }

  @Test
  void draftsAndFailuresSendTheirOwnEvents() {
    var creator = SimFixtures.creator();
    String draft = init(creator, "/v2/post/publish/inbox/video/init/",
        "{\"source_info\":{\"source\":\"PULL_FROM_URL\",\"video_url\":\"" + VIDEO + "\"}}");
    given().contentType(ContentType.JSON).body(Map.of("endpoint", "tiktok.video_init", "mode", "FAIL_PROCESSING",
        "failReason", "spam_risk_text", "count", 1)).post("/_sim/faults").then().statusCode(201);
    String failed = init(creator, pullBody("SELF_ONLY", VIDEO));
    String cancelled = init(creator, pullBody("SELF_ONLY", VIDEO));
    call(creator, "/v2/post/publish/cancel/", "{\"publish_id\":\"" + cancelled + "\"}").then().statusCode(200);
    for (String publishId : List.of(draft, failed)) {
      status(creator, publishId);
      status(creator, publishId);
    }

    var inbox = await(draft, 1).getFirst();
    assertThat(inbox.name()).isEqualTo("post.publish.inbox_delivered");
    assertThat(inbox.content().path("publish_type").asText()).isEqualTo("INBOX_SHARE");
    var failure = await(failed, 1).getFirst();
    assertThat(failure.name()).isEqualTo("post.publish.failed");
    assertThat(failure.content().path("reason").asText()).isEqualTo("spam_risk_text");
    assertThat(await(cancelled, 1).getFirst().content().path("reason").asText()).isEqualTo("publish_cancelled");
  }

  @Test
  void refusedDeliveriesAreRetriedUntilTheCallbackAcceptsThem() {
    receiver.refuseNext(2);
    var creator = SimFixtures.creator();
    String publishId = init(creator, pullBody("SELF_ONLY", VIDEO));
    status(creator, publishId);
    status(creator, publishId);

    waiting().untilAsserted(() -> assertThat(Webhooks.deliveries(publishId)).singleElement().satisfies(delivery ->
        assertThat(delivery).containsEntry("outcome", "DELIVERED").containsEntry("tries", 3)));
    var copies = Webhooks.received(receiver, publishId, SECRET);
    assertThat(copies).hasSize(3).allSatisfy(event -> assertThat(event.name()).isEqualTo("post.publish.complete"));
  }

  @Test
  void aWebhookFaultDropsOrDelaysAnEvent() {
    var creator = SimFixtures.creator();
    fault(Map.of("endpoint", "tiktok.webhook", "mode", "FAIL", "count", 1));
    String dropped = completed(creator);
    waiting().untilAsserted(() -> assertThat(Webhooks.deliveries(dropped)).singleElement()
        .satisfies(delivery -> assertThat(delivery).containsEntry("outcome", "DROPPED").containsEntry("tries", 0)));

    fault(Map.of("endpoint", "tiktok.webhook", "mode", "DELAY", "latencyMs", 1500, "count", 1));
    String delayed = completed(creator);
    waiting().pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(Webhooks.deliveries(delayed))
        .singleElement().satisfies(delivery -> assertThat(delivery).containsEntry("outcome", "PENDING")));
    assertThat(Webhooks.received(receiver, delayed, SECRET)).isEmpty();
    await(delayed, 1);

    assertThat(Webhooks.received(receiver, dropped, SECRET)).isEmpty();
    given().contentType(ContentType.JSON).body(Map.of("endpoint", "tiktok.webhook", "mode", "SUCCEED_THEN_LATE",
        "latencyMs", 10)).post("/_sim/faults").then().statusCode(422);
  }

  @Test
  void withoutACallbackNothingIsSent() {
    Webhooks.unregister();
    var creator = SimFixtures.creator();
    String publishId = completed(creator);

    waiting().untilAsserted(() -> assertThat(Webhooks.statuses(creator)).containsExactly("PUBLISH_COMPLETE"));
    assertThat(Webhooks.deliveries(publishId)).isEmpty();
    given().contentType(ContentType.JSON).body(Map.of("url", "not a url", "clientSecret", "s"))
        .put("/_sim/tiktok/webhook").then().statusCode(422);
    given().contentType(ContentType.JSON).body(Map.of("url", base.toString()))
        .put("/_sim/tiktok/webhook").then().statusCode(422).body("field", equalTo("clientSecret"));
  }

  /** A SELF_ONLY publish polled to PUBLISH_COMPLETE. */
  private static String completed(Map<String, Object> creator) {
    String publishId = init(creator, pullBody("SELF_ONLY", VIDEO));
    status(creator, publishId);
    status(creator, publishId).then().body("data.status", equalTo("PUBLISH_COMPLETE"));
    return publishId;
  }

  private List<Webhooks.Event> await(String publishId, int count) {
    waiting().untilAsserted(() -> assertThat(Webhooks.received(receiver, publishId, SECRET)).hasSize(count));
    var events = Webhooks.received(receiver, publishId, SECRET);
    assertThat(events).allSatisfy(event -> assertThat(event.signedWith()).isTrue());
    return events;
  }

  static String init(Map<String, Object> creator, String body) {
    return init(creator, "/v2/post/publish/video/init/", body);
  }

  static String init(Map<String, Object> creator, String path, String body) {
    return call(creator, path, body).then().statusCode(200).extract().path("data.publish_id");
  }

  static ConditionFactory waiting() {
    return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100));
  }

  private static void fault(Map<String, Object> fault) {
    given().contentType(ContentType.JSON).body(fault).post("/_sim/faults").then().statusCode(201);
  }
}
