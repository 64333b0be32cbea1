package io.herald.content.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.common.crypto.Secrets;
import io.herald.common.delivery.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookBackoffTest {
  @Test
  void doublesFromTheInitialDelayUpToTheCap() {
    Duration initial = Duration.ofSeconds(10);
    Duration max = Duration.ofHours(1);
    RetryPolicy policy = WebhookSender.retryPolicy(initial, max, Duration.ofHours(24));
    assertThat(policy.backoff().delay(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.backoff().delay(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(policy.backoff().delay(5)).isEqualTo(Duration.ofSeconds(160));
    assertThat(policy.backoff().delay(12)).isEqualTo(max);
    assertThat(policy.backoff().delay(500)).isEqualTo(max);
  }

  @Test
  void aDeliveryIsGivenUpOnceItsNextAttemptWouldComeAfterGiveUpAfter() {
    RetryPolicy policy = WebhookSender.retryPolicy(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24));
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(policy.next(1, created, created)).contains(created.plusSeconds(10));
    assertThat(policy.next(40, created, created.plus(Duration.ofHours(22)))).isPresent();
    assertThat(policy.next(41, created, created.plus(Duration.ofMinutes(23 * 60 + 30)))).isEmpty();
  }

  @Test
  void signatureIsHexHmacSha256OfTimestampDotBody() throws Exception {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    assertThat(Secrets.hmacSha256Hex("Jefe", "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("whsec_x".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal("1700000000.{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    assertThat(WebhookDeliveries.signature("whsec_x", 1_700_000_000L, "{\"a\":1}"))
        .isEqualTo("t=1700000000,v1=" + expected);
  }
}
