package io.herald.publisher.tiktok;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.PlatformResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TikTokErrorsTest {

  static PlatformResponse envelope(int status, String code) {
    return new PlatformResponse(status, Map.of(),
        "{\"data\":{},\"error\":{\"code\":\"" + code + "\",\"message\":\"msg\",\"log_id\":\"202210112248442CB\"}}");
  }

  @ParameterizedTest
  @CsvSource({
      "401, access_token_invalid, AUTH", "401, scope_not_authorized, AUTH",
      "429, rate_limit_exceeded, THROTTLED", "500, internal_error, TRANSIENT",
      "400, invalid_param, PERMANENT", "403, spam_risk_too_many_posts, PERMANENT",
      "200, spam_risk_too_many_posts, PERMANENT", "403, url_ownership_unverified, PERMANENT",
      "403, privacy_level_option_mismatch, PERMANENT", "403, reached_active_user_cap, PERMANENT",
      "403, unaudited_client_can_only_post_to_private_accounts, PERMANENT"})
  void classifiesByEnvelopeCode(int status, String code, ErrorClass expected) {
    var error = TikTokErrors.classify(envelope(status, code), true);
    assertThat(error.errorClass()).isEqualTo(expected);
    assertThat(error.code()).isEqualTo("tiktok:" + code);
  }

  @Test
  void okEnvelopeOnHttp200IsSuccessAndAnythingElseIsNot() {
    assertThat(TikTokErrors.isOk(envelope(200, "ok"))).isTrue();
    assertThat(TikTokErrors.isOk(envelope(200, "spam_risk_too_many_posts"))).isFalse();
    assertThat(TikTokErrors.isOk(envelope(500, "ok"))).isFalse();
  }

  @Test
  void anInitAnsweredWithoutEnvelopeHasAnUnknownOutcome() {
    var lost = new PlatformResponse(502, Map.of(), "upstream gone");
    assertThat(TikTokErrors.classify(lost, true).errorClass()).isEqualTo(ErrorClass.UNKNOWN_OUTCOME);
    assertThat(TikTokErrors.classify(lost, false).errorClass()).isEqualTo(ErrorClass.TRANSIENT);
  }

  @Test
  void failReasonsAreFinalWithTheirCode() {
    var error = TikTokErrors.classifyFailReason("video_pull_failed");
    assertThat(error.errorClass()).isEqualTo(ErrorClass.PERMANENT);
    assertThat(error.code()).isEqualTo("tiktok:video_pull_failed");
  }
}
