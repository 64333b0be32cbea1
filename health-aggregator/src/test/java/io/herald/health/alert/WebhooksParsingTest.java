package io.herald.health.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhooksParsingTest {
  @Test
  void bareUrlsAreJsonAndSlackIsNamed() {
    var hooks = Webhooks.parse("https://ops.example.com/hook?x=1, slack=https://hooks.slack.com/services/T/B/secret");
    assertThat(hooks).extracting(Webhook::format).containsExactly(Webhook.Format.JSON, Webhook.Format.SLACK);
    assertThat(hooks.get(1).host()).isEqualTo("hooks.slack.com");
    assertThat(hooks.get(1).toString()).doesNotContain("secret");
  }

  @Test
  void aBadEntryIsNamedByPositionNeverByItsSecretUrl() {
    assertThatThrownBy(() -> Webhooks.parse("https://ok.example.com,teams=https://x/secret"))
        .hasMessage("herald.health.alert-webhooks: entry 2 has the unknown format 'TEAMS' (json or slack)");
    assertThatThrownBy(() -> Webhooks.parse("not a url secret"))
        .hasMessage("herald.health.alert-webhooks: entry 1 is not an http(s) URL");
  }

  @Test
  void durationsReadAsAPersonWould() {
    assertThat(AlertService.human(java.time.Duration.ofSeconds(3725))).isEqualTo("1h 2m");
  }
}
