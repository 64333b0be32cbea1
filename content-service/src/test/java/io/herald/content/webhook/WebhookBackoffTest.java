package io.herald.content.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookBackoffTest {
  @Test
  void doublesFromTheInitialDelayUpToTheCap() {
    Duration initial = Duration.ofSeconds(10);
    Duration max = Duration.ofHours(1);
    assertThat(WebhookSender.backoff(1, initial, max)).isEqualTo(Duration.ofSeconds(10));
    assertThat(WebhookSender.backoff(2, initial, max)).isEqualTo(Duration.ofSeconds(20));
    assertThat(WebhookSender.backoff(5, initial, max)).isEqualTo(Duration.ofSeconds(160));
    assertThat(WebhookSender.backoff(12, initial, max)).isEqualTo(max);
    assertThat(WebhookSender.backoff(500, initial, max)).isEqualTo(max);
  }

  @Test
  void signatureIsHexHmacSha256OfTimestampDotBody() {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    assertThat(WebhookSender.sign("Jefe", "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
}
