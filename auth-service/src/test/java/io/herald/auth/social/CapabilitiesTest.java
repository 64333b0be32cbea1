package io.herald.auth.social;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.auth.support.Platforms;
import io.herald.common.crypto.Secrets;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 14: {@code GET /api/v1/social-accounts/{id}/capabilities}. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class CapabilitiesTest {
  static final String CREATOR_INFO = "/v2/post/publish/creator_info/query/";

  @Inject
  RedisDataSource redis;
  @Inject
  CircuitBreakerMaintenance breakers;

  @BeforeEach
  void closeBreakers() {
    breakers.resetAll();
  }

  @Test
  void aViewerReadsTheCreatorsPostingOptionsFromCreatorInfoAndTheyAreKeptAMinute() {
    var owner = Api.signup();
    var viewer = Api.member(owner, "VIEWER");
    String access = "act.caps-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, "open-" + UUID.randomUUID(), access, "rft.caps-" + UUID.randomUUID());
    stubCreatorInfo(access, 200, """
        {"data":{"creator_avatar_url":"https://p16-sign.tiktokcdn.com/kitten.jpeg","creator_username":"kitten",
        "creator_nickname":"Kitten Creator","privacy_level_options":["PUBLIC_TO_EVERYONE","MUTUAL_FOLLOW_FRIENDS",
        "SELF_ONLY"],"comment_disabled":false,"duet_disabled":true,"stitch_disabled":true,
        "max_video_post_duration_sec":300},"error":{"code":"ok","message":"","log_id":"2026"}}""");

    for (int i = 0; i < 2; i++) {
      Api.as(viewer).get("/api/v1/social-accounts/" + id + "/capabilities").then().statusCode(200)
          .body("socialAccountId", equalTo(id)).body("platform", equalTo("TIKTOK"))
          .body("tiktok.nickname", equalTo("Kitten Creator"))
          .body("tiktok.avatarUrl", equalTo("https://p16-sign.tiktokcdn.com/kitten.jpeg"))
          .body("tiktok.privacyLevelOptions", contains("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"))
          .body("tiktok.commentDisabled", equalTo(false)).body("tiktok.duetDisabled", equalTo(true))
          .body("tiktok.stitchDisabled", equalTo(true)).body("tiktok.maxVideoPostDurationSec", equalTo(300))
          .body("facebook", nullValue());
    }
    PlatformFake.server().verify(1, postRequestedFor(urlPathEqualTo(CREATOR_INFO))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + access)));
  }

  @Test
  void aPostingCapTikTokAnswersWithHttp200IsShownNotAFailure() {
    var owner = Api.signup();
    String access = "act.cap-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, "open-" + UUID.randomUUID(), access, "rft.cap-" + UUID.randomUUID());
    stubCreatorInfo(access, 200, "{\"data\":{},\"error\":{\"code\":\"spam_risk_too_many_posts\",\"message\":"
        + "\"The user has reached the daily post limit.\",\"log_id\":\"2026\"}}");

    Api.as(owner).get("/api/v1/social-accounts/" + id + "/capabilities").then().statusCode(200)
        .body("tiktok.postingBlocked", equalTo("spam_risk_too_many_posts"));
  }

  @Test
  void tiktoksRateLimitIsA429ProblemWithRetryAfterAndIsNotCached() {
    var owner = Api.signup();
    String access = "act.busy-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, "open-" + UUID.randomUUID(), access, "rft.busy-" + UUID.randomUUID());
    stubCreatorInfo(access, 429, "{\"data\":{},\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"API rate "
        + "limit was exceeded.\",\"log_id\":\"2026\"}}");

    for (int i = 0; i < 2; i++) {
      Api.as(owner).get("/api/v1/social-accounts/" + id + "/capabilities").then().statusCode(429)
          .contentType("application/problem+json").header("Retry-After", "60");
    }
    PlatformFake.server().verify(2, postRequestedFor(urlPathEqualTo(CREATOR_INFO))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + access)));
  }

  @Test
  void aBudgetSpentByPublishingIsRespectedWithoutCallingTikTok() {
    var owner = Api.signup();
    String access = "act.spent-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, "open-" + UUID.randomUUID(), access, "rft.spent-" + UUID.randomUUID());
    stubCreatorInfo(access, 200, "{\"data\":{\"creator_nickname\":\"x\"},\"error\":{\"code\":\"ok\"}}");
    // publisher-worker's pre-flight checks spent this minute's 20 creator_info calls of the token (and the next
    // minute's, so that the test does not depend on the minute turning over).
    long minute = System.currentTimeMillis() / 60_000;
    for (long window = minute; window <= minute + 1; window++) {
      redis.value(String.class).psetex("herald:publisher:ratelimit:tiktok:creator_info:"
          + Secrets.sha256Hex(access).substring(0, 24) + ":" + window, 120_000, "20");
    }

    Api.as(owner).get("/api/v1/social-accounts/" + id + "/capabilities").then().statusCode(429)
        .contentType("application/problem+json").header("Retry-After", org.hamcrest.Matchers.notNullValue());
    PlatformFake.server().verify(0, postRequestedFor(urlPathEqualTo(CREATOR_INFO))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + access)));
  }

  @Test
  void aPageShowsItsGrantedScopesAndThePostTypesItCanTake() {
    var owner = Api.signup();
    String token = "EAAP-caps-" + UUID.randomUUID();
    String id = Platforms.connectFacebookPage(owner, "caps-" + UUID.randomUUID(), token);
    PlatformFake.server().stubFor(get(urlPathEqualTo("/" + Platforms.VERSION + "/debug_token"))
        .withQueryParam("input_token", WireMock.equalTo(token))
        .willReturn(okJson("{\"data\":{\"app_id\":\"test-app-id\",\"type\":\"PAGE\",\"is_valid\":true,"
            + "\"expires_at\":0,\"scopes\":[\"pages_show_list\",\"pages_read_engagement\",\"pages_manage_posts\"]}}")));

    Api.as(owner).get("/api/v1/social-accounts/" + id + "/capabilities").then().statusCode(200)
        .body("platform", equalTo("FACEBOOK")).body("facebook.tokenValid", equalTo(true))
        .body("facebook.grantedScopes", equalTo(List.of("pages_show_list", "pages_read_engagement",
            "pages_manage_posts")))
        .body("facebook.missingScopes", equalTo(List.of("pages_manage_engagement")))
        .body("facebook.postTypes", equalTo(List.of("FEED", "REEL", "STORY")))
        .body("facebook.firstComment", equalTo(false)).body("tiktok", nullValue());
  }

  @Test
  void anotherTenantsAccountIsAbsentAndThePlatformIsNotAsked() {
    var alice = Api.signup();
    var bob = Api.signup();
    String token = "EAAP-alice-" + UUID.randomUUID();
    String aliceAccount = Platforms.connectFacebookPage(alice, "alice-" + UUID.randomUUID(), token);

    Api.as(bob).get("/api/v1/social-accounts/" + aliceAccount + "/capabilities").then().statusCode(404)
        .contentType("application/problem+json");
    Api.as(bob).get("/api/v1/social-accounts/" + UUID.randomUUID() + "/capabilities").then().statusCode(404);
    PlatformFake.server().verify(0, getRequestedFor(urlPathEqualTo("/" + Platforms.VERSION + "/debug_token"))
        .withQueryParam("input_token", WireMock.equalTo(token)));
  }

  @Test
  void anAccountThatIsNotActiveIsAConflict() {
    var owner = Api.signup();
    String id = Platforms.connectFacebookPage(owner, "gone-" + UUID.randomUUID(), "EAAP-gone");
    Api.as(owner).delete("/api/v1/social-accounts/" + id).then().statusCode(204);
    Api.as(owner).get("/api/v1/social-accounts/" + id + "/capabilities").then().statusCode(409)
        .body("type", endsWith("/account-disconnected"));
  }

  private static void stubCreatorInfo(String access, int status, String body) {
    PlatformFake.server().stubFor(post(urlPathEqualTo(CREATOR_INFO))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + access))
        .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=UTF-8")
            .withBody(body)));
  }
}
