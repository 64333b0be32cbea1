package io.herald.publisher.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;

/**
 * Classifies Graph API errors by {@code code} and {@code error_subcode} ({@code docs/platforms.md} §1.3 "Errors and
 * throttling"), never by HTTP status alone.
 */
public final class FacebookErrors {
  private static final Set<Integer> THROTTLE_CODES = Set.of(4, 17, 32, 613, 80001, 341);
  private static final Duration POLICY_BLOCK_WAIT = Duration.ofHours(1);

  private FacebookErrors() {}

  /**
   * Classifies an error answer. {@code createCall} says whether the request could have created or published
   * something: for such calls an answer without a Graph error body (a proxy's 502, an empty 500), and codes 1 and 2
   * (which Graph is known to return while it still creates the post, {@code docs/platforms.md} §1.3 "Errors and
   * throttling"), leave the outcome unknown.
   */
  public static PlatformError classify(PlatformResponse response, boolean createCall) {
    JsonNode error = response.json().path("error");
    if (!error.isObject() || !error.path("code").canConvertToInt()) {
      if (response.status() >= 500 || response.status() == 0) {
        return PlatformError.of(createCall ? ErrorClass.UNKNOWN_OUTCOME : ErrorClass.TRANSIENT,
            "facebook:http_" + response.status(),
            "The Graph API answered HTTP " + response.status() + " without an error body");
      }
      return PlatformError.of(ErrorClass.PERMANENT, "facebook:http_" + response.status(),
          "The Graph API answered HTTP " + response.status() + " without an error body");
    }
    int code = error.path("code").asInt();
    int subcode = error.path("error_subcode").asInt(0);
    String codeText = "facebook:" + code + (subcode != 0 ? "/" + subcode : "");
    String message = error.path("message").asText("");

    if (THROTTLE_CODES.contains(code)) {
      return new PlatformError(ErrorClass.THROTTLED, codeText, message, regainAccess(response));
    }
    if (code == 368) {
      return new PlatformError(ErrorClass.THROTTLED, codeText, message, POLICY_BLOCK_WAIT);
    }
    if (code == 190 || code == 10 || (code >= 200 && code <= 299)) {
      return PlatformError.of(ErrorClass.AUTH, codeText, message);
    }
    if (code == 506) {
      // Duplicate status message: an earlier attempt whose answer we lost may have landed.
      return PlatformError.of(ErrorClass.UNKNOWN_OUTCOME, codeText, message);
    }
    if (code == 1 || code == 2) {
      return PlatformError.of(createCall ? ErrorClass.UNKNOWN_OUTCOME : ErrorClass.TRANSIENT, codeText, message);
    }
    if (error.path("is_transient").asBoolean(false)) {
      return PlatformError.of(ErrorClass.TRANSIENT, codeText, message);
    }
    return PlatformError.of(ErrorClass.PERMANENT, codeText, message);
  }

  /** Whether the error says the object does not exist (or cannot be seen): code 100, subcode 33. */
  public static boolean isMissingObject(PlatformError error) {
    return "facebook:100/33".equals(error.code());
  }

  /**
   * The longest {@code estimated_time_to_regain_access} (minutes) in {@code x-business-use-case-usage}, or null
   * when the header is absent or says 0.
   */
  public static Duration regainAccess(PlatformResponse response) {
    JsonNode usage = PlatformResponse.parse(response.header("x-business-use-case-usage"));
    long minutes = 0;
    for (Iterator<JsonNode> ids = usage.elements(); ids.hasNext(); ) {
      for (JsonNode entry : ids.next()) {
        minutes = Math.max(minutes, entry.path("estimated_time_to_regain_access").asLong(0));
      }
    }
    return minutes > 0 ? Duration.ofMinutes(minutes) : null;
  }

  /** The highest usage percentage reported by {@code x-app-usage} or {@code x-business-use-case-usage}. */
  public static int usagePercent(PlatformResponse response) {
    int highest = 0;
    JsonNode app = PlatformResponse.parse(response.header("x-app-usage"));
    highest = Math.max(highest, maxPercent(app));
    JsonNode buc = PlatformResponse.parse(response.header("x-business-use-case-usage"));
    for (Iterator<JsonNode> ids = buc.elements(); ids.hasNext(); ) {
      for (JsonNode entry : ids.next()) {
        highest = Math.max(highest, maxPercent(entry));
      }
    }
    return highest;
  }

  private static int maxPercent(JsonNode node) {
    int highest = 0;
    for (String field : new String[] {"call_count", "total_time", "total_cputime"}) {
      highest = Math.max(highest, node.path(field).asInt(0));
    }
    return highest;
  }
}
