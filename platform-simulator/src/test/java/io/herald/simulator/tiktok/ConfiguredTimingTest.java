package io.herald.simulator.tiktok;

import static io.herald.simulator.tiktok.TikTokCalls.VIDEO;
import static io.herald.simulator.tiktok.TikTokCalls.call;
import static io.herald.simulator.tiktok.TikTokCalls.pullBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.herald.simulator.SimFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Token lifetimes, processing time and rate limits follow the configuration, so tests and demos can shorten them. */
@QuarkusTest
@TestProfile(ConfiguredTimingTest.ShortTimes.class)
class ConfiguredTimingTest {

  /** Short lifetimes, time-based processing only, two inits per minute. */
  public static class ShortTimes implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "herald.simulator.tiktok.access-token-lifetime", "2s",
          "herald.simulator.tiktok.processing-time", "PT1S",
          "herald.simulator.tiktok.status-polls-to-complete", "1000",
          "herald.simulator.tiktok.rate-limit.init", "2");
    }
  }

  @Test
  void accessTokensExpireAfterTheConfiguredLifetime() {
    var creator = SimFixtures.creator();
    assertThat(creator).containsEntry("expires_in", 2);
    call(creator, "/v2/post/publish/creator_info/query/", "").then().statusCode(200);

    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        call(creator, "/v2/post/publish/creator_info/query/", "")
            .then().statusCode(401).body("error.code", equalTo("access_token_invalid")));
  }

  @Test
  void processingCompletesAfterTheConfiguredTimeWithoutPolling() {
    var creator = SimFixtures.creator();
    call(creator, "/v2/post/publish/video/init/", pullBody("SELF_ONLY", VIDEO)).then().statusCode(200);

    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      List<Map<String, Object>> items = given().queryParam("account", creator.get("openId")).get("/_sim/published")
          .then().statusCode(200).extract().jsonPath().getList("");
      assertThat(items).singleElement().extracting(item -> item.get("status")).isEqualTo("PUBLISH_COMPLETE");
    });
  }

  @Test
  void theInitRateLimitFollowsTheConfiguration() {
    var creator = SimFixtures.creator();
    call(creator, "/v2/post/publish/video/init/", pullBody("SELF_ONLY", VIDEO)).then().statusCode(200);
    call(creator, "/v2/post/publish/video/init/", pullBody("SELF_ONLY", VIDEO)).then().statusCode(200);

    call(creator, "/v2/post/publish/video/init/", pullBody("SELF_ONLY", VIDEO))
        .then().statusCode(429).body("error.code", equalTo("rate_limit_exceeded"));
  }
}
