package io.herald.publisher.facebook;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FacebookErrorsTest {

  static PlatformResponse answer(int status, String body, Map<String, String> headers) {
    var map = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
    map.putAll(headers);
    return new PlatformResponse(status, map, body);
  }

  static PlatformError classify(int status, int code, Integer subcode, boolean createCall) {
    String body = "{\"error\":{\"message\":\"m\",\"type\":\"OAuthException\",\"code\":" + code
        + (subcode == null ? "" : ",\"error_subcode\":" + subcode) + ",\"fbtrace_id\":\"x\"}}";
    return FacebookErrors.classify(answer(status, body, Map.of()), createCall);
  }

  @ParameterizedTest
  @CsvSource({
      "500, 1, UNKNOWN_OUTCOME", "500, 2, UNKNOWN_OUTCOME",
      "400, 4, THROTTLED", "400, 17, THROTTLED", "400, 32, THROTTLED", "400, 613, THROTTLED",
      "400, 80001, THROTTLED", "400, 368, THROTTLED",
      "400, 10, AUTH", "400, 200, AUTH", "400, 299, AUTH", "400, 190, AUTH",
      "400, 100, PERMANENT", "400, 1609005, PERMANENT",
      "400, 506, UNKNOWN_OUTCOME"})
  void classifiesByCode(int status, int code, ErrorClass expected) {
    assertThat(classify(status, code, null, true).errorClass()).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void codes1And2AreTransientOnAReadButLeaveACreateUnknownSinceGraphReturnsThemWhileStillCreating() {
    assertThat(classify(500, 1, null, false).errorClass()).isEqualTo(ErrorClass.TRANSIENT);
    assertThat(classify(500, 2, null, false).errorClass()).isEqualTo(ErrorClass.TRANSIENT);
    assertThat(classify(500, 2, null, true).errorClass()).isEqualTo(ErrorClass.UNKNOWN_OUTCOME);
  }

  @Test
  void theCodeNamesCodeAndSubcode() {
    PlatformError error = classify(400, 190, 460, true);
    assertThat(error.code()).isEqualTo("facebook:190/460");
    assertThat(error.message()).isEqualTo("m");
  }

  @Test
  void isTransientFlagMakesAnOtherwiseUnknownCodeTransient() {
    var body = "{\"error\":{\"message\":\"try later\",\"code\":9999,\"is_transient\":true}}";
    assertThat(FacebookErrors.classify(answer(500, body, Map.of()), true).errorClass()).isEqualTo(ErrorClass.TRANSIENT);
  }

  @Test
  void aServerErrorWithoutGraphBodyIsAnUnknownOutcomeForACreateButTransientForARead() {
    assertThat(FacebookErrors.classify(answer(502, "Bad Gateway", Map.of()), true).errorClass())
        .isEqualTo(ErrorClass.UNKNOWN_OUTCOME);
    assertThat(FacebookErrors.classify(answer(502, "Bad Gateway", Map.of()), false).errorClass())
        .isEqualTo(ErrorClass.TRANSIENT);
  }

  @Test
  void throttlingWaitsTheRegainTimeFromTheBusinessUseCaseHeader() {
    var headers = Map.of("x-business-use-case-usage", "{\"123\":[{\"type\":\"pages\",\"call_count\":100,"
        + "\"total_cputime\":23,\"total_time\":23,\"estimated_time_to_regain_access\":7}]}");
    var body = "{\"error\":{\"message\":\"(#80001) too many calls\",\"code\":80001}}";
    PlatformError error = FacebookErrors.classify(answer(400, body, headers), true);
    assertThat(error.errorClass()).isEqualTo(ErrorClass.THROTTLED);
    assertThat(error.advisedWait()).isEqualTo(Duration.ofMinutes(7));
  }

  @Test
  void usageIsTheHighestPercentageOfAppAndPageHeaders() {
    var headers = Map.of(
        "x-app-usage", "{\"call_count\":28,\"total_time\":25,\"total_cputime\":25}",
        "x-business-use-case-usage", "{\"123\":[{\"type\":\"pages\",\"call_count\":93,\"total_time\":10}]}");
    assertThat(FacebookErrors.usagePercent(answer(200, "{}", headers))).isEqualTo(93);
    assertThat(FacebookErrors.usagePercent(answer(200, "{}", Map.of()))).isZero();
  }
}
