package io.herald.simulator.tiktok;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Webhook helpers for the TikTok tests: registration, the deliveries list, and reading a received event. */
final class Webhooks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Webhooks() {}

  /** A received event: its envelope, its {@code content} (a JSON string) parsed, and whether it is signed right. */
  record Event(JsonNode envelope, JsonNode content, boolean signedWith) {
    String name() {
      return envelope.path("event").asText();
    }

    String publishId() {
      return content.path("publish_id").asText();
    }
  }

  static void register(URI base, Map<String, String> extra) {
    var body = new java.util.HashMap<String, String>(extra);
    body.put("url", base.resolve("test/webhook-receiver").toString());
    given().contentType(ContentType.JSON).body(body).put("/_sim/tiktok/webhook").then().statusCode(204);
  }

  static void unregister() {
    given().delete("/_sim/tiktok/webhook").then().statusCode(204);
  }

  /** The statuses of the creator's publishes, as {@code GET /_sim/published} shows them. */
  static List<Object> statuses(Map<String, Object> creator) {
    return TikTokCalls.published(creator).stream().<Object>map(item -> ((Map<?, ?>) item).get("status")).toList();
  }

  /** The deliveries of one publish, as {@code GET /_sim/tiktok/webhooks} lists them. */
  static List<Map<String, Object>> deliveries(String publishId) {
    List<Map<String, Object>> all = given().get("/_sim/tiktok/webhooks").then().statusCode(200)
        .extract().jsonPath().getList("");
    return all.stream().filter(d -> publishId.equals(d.get("publishId"))).toList();
  }

  /** The events the receiver got for one publish, each checked against the signature scheme with {@code secret}. */
  static List<Event> received(WebhookReceiver receiver, String publishId, String secret) {
    return receiver.received().stream().map(r -> event(r, secret)).filter(e -> e.publishId().equals(publishId))
        .toList();
  }

  private static Event event(WebhookReceiver.Received received, String secret) {
    try {
      JsonNode envelope = JSON.readTree(received.body());
      String[] parts = received.signature().split(",");
      assertThat(parts[0]).startsWith("t=");
      assertThat(parts[1]).startsWith("s=");
      String timestamp = parts[0].substring(2);
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String expected = HexFormat.of().formatHex(
          mac.doFinal((timestamp + "." + received.body()).getBytes(StandardCharsets.UTF_8)));
      return new Event(envelope, JSON.readTree(envelope.path("content").asText()),
          expected.equals(parts[1].substring(2)));
    } catch (Exception e) {
      throw new AssertionError("unreadable webhook " + received, e);
    }
  }
}
