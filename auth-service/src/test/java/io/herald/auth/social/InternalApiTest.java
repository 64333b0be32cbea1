package io.herald.auth.social;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.herald.auth.client.ServiceClient;
import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.auth.support.Platforms;
import io.herald.auth.support.ServiceTokens;
import io.herald.common.stream.AccountEvent;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** docs/internal-api.md: role service only; 401 without a token, 403 with any other token. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class InternalApiTest {
  @Inject
  ServiceClient serviceClient;

  @Inject
  RedisDataSource redis;

  @Test
  void onlyServicesMayCall() {
    var owner = Api.signup();
    String id = Platforms.connectFacebookPage(owner, "int-" + UUID.randomUUID(), "EAAP-internal");
    for (String path : new String[] {"", "/credentials", "/capabilities"}) {
      given().get("/internal/v1/social-accounts/" + id + path).then().statusCode(401)
          .contentType("application/problem+json");
      Api.as(owner).get("/internal/v1/social-accounts/" + id + path).then().statusCode(403)
          .contentType("application/problem+json");
    }
    Api.as(owner).contentType(ContentType.JSON).body("{}")
        .post("/internal/v1/social-accounts/" + id + "/reauth-required").then().statusCode(403);
  }

  @Test
  void serviceSeesAnyTenantsAccountAndUnknownIdsAre404() {
    var owner = Api.signup();
    String externalId = "int-" + UUID.randomUUID();
    String id = Platforms.connectFacebookPage(owner, externalId, "EAAP-internal");
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).get("/internal/v1/social-accounts/" + id).then().statusCode(200)
        .body("id", equalTo(id)).body("tenantId", equalTo(owner.tenantId().toString()))
        .body("platform", equalTo("FACEBOOK")).body("externalId", equalTo(externalId))
        .body("status", equalTo("ACTIVE"));
    Api.as(service).get("/internal/v1/social-accounts/" + UUID.randomUUID()).then().statusCode(404)
        .contentType("application/problem+json");
    Api.as(service).get("/internal/v1/social-accounts/" + UUID.randomUUID() + "/credentials").then().statusCode(404);
  }

  @Test
  void aServiceReadsAnyTenantsTikTokCreatorInfoThroughTheTenantsCacheAndBudget() {
    var owner = Api.signup();
    String access = "act.int-caps-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, "open-" + UUID.randomUUID(), access, "rft.caps-" + UUID.randomUUID());
    PlatformFake.server().stubFor(WireMock.post(WireMock.urlPathEqualTo("/v2/post/publish/creator_info/query/"))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + access))
        .willReturn(WireMock.okJson("""
            {"data":{"creator_username":"quiet","creator_nickname":"Quiet","privacy_level_options":["SELF_ONLY"],
            "comment_disabled":true,"duet_disabled":false,"stitch_disabled":true,"max_video_post_duration_sec":60},
            "error":{"code":"ok","message":"","log_id":"2026"}}""")));
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());

    Api.as(service).get("/internal/v1/social-accounts/" + id + "/capabilities").then().statusCode(200)
        .body("platform", equalTo("TIKTOK")).body("tiktok.privacyLevelOptions[0]", equalTo("SELF_ONLY"))
        .body("tiktok.commentDisabled", equalTo(true)).body("tiktok.maxVideoPostDurationSec", equalTo(60));
    Api.as(owner).get("/api/v1/social-accounts/" + id + "/capabilities").then().statusCode(200)
        .body("tiktok.commentDisabled", equalTo(true));

    PlatformFake.server().verify(1, WireMock.postRequestedFor(
        WireMock.urlPathEqualTo("/v2/post/publish/creator_info/query/"))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + access)));
    Api.as(service).get("/internal/v1/social-accounts/" + UUID.randomUUID() + "/capabilities").then().statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void reauthRequiredIsAuditedAndStopsCredentials() {
    var owner = Api.signup();
    String id = Platforms.connectFacebookPage(owner, "int-" + UUID.randomUUID(), "EAAP-internal");
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).contentType(ContentType.JSON).body(Map.of("reason", "facebook:190/463 expired"))
        .post("/internal/v1/social-accounts/" + id + "/reauth-required").then().statusCode(204);
    Api.as(owner).get("/api/v1/social-accounts/" + id).then().body("status", equalTo("NEEDS_REAUTH"));
    Api.as(owner).get("/api/v1/audit-events?type=ACCOUNT_NEEDS_REAUTH").then()
        .body("items[0].detail", equalTo("facebook:190/463 expired"));
    Api.as(service).get("/internal/v1/social-accounts/" + id + "/credentials").then().statusCode(409);
    Api.as(service).contentType(ContentType.JSON).body(Map.of("reason", "x".repeat(501)))
        .post("/internal/v1/social-accounts/" + id + "/reauth-required").then().statusCode(422);
  }

  @Test
  void aDisconnectStopsCredentialsAndIsAnnouncedToTheWorkers() {
    var owner = Api.signup();
    String id = Platforms.connectFacebookPage(owner, "int-" + UUID.randomUUID(), "EAAP-disconnected");
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).get("/internal/v1/social-accounts/" + id + "/credentials").then().statusCode(200);

    Api.as(owner).delete("/api/v1/social-accounts/" + id).then().statusCode(204);

    Api.as(service).get("/internal/v1/social-accounts/" + id + "/credentials").then().statusCode(409)
        .contentType("application/problem+json").body("type", endsWith("/account-disconnected"));
    var announced = redis.stream(String.class).xrange(StreamKeys.ACCOUNTS, StreamRange.of("-", "+")).stream()
        .map(message -> AccountEvent.fromFields(message.payload()))
        .filter(event -> event.accountId().toString().equals(id)).toList();
    assertThat(announced).singleElement().extracting(AccountEvent::status)
        .isEqualTo(AccountEvent.Status.DISCONNECTED);
  }

  /** A TikTok account's verified URL prefixes: set by OWNER/ADMIN, audited, seen by the services. */
  @Test
  void tiktokVerifiedUrlPrefixesAreSetByAnAdminAndSeenByTheServices() {
    var owner = Api.signup();
    String tiktok = Platforms.connectTikTok(owner, "open-" + UUID.randomUUID(), "act.p", "rft.p");
    Api.as(owner).get("/api/v1/social-accounts/" + tiktok).then().body("verifiedUrlPrefixes", equalTo(List.of()));
    Api.as(owner).contentType(ContentType.JSON)
        .body(Map.of("verifiedUrlPrefixes", List.of("https://cdn.example.com/herald/", "https://media.example.org/")))
        .patch("/api/v1/social-accounts/" + tiktok).then().statusCode(200)
        .body("verifiedUrlPrefixes", equalTo(List.of("https://cdn.example.com/herald/", "https://media.example.org/")));
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).get("/internal/v1/social-accounts/" + tiktok).then().statusCode(200)
        .body("verifiedUrlPrefixes[0]", equalTo("https://cdn.example.com/herald/"));
    Api.as(owner).get("/api/v1/audit-events?type=ACCOUNT_SETTINGS_CHANGED").then()
        .body("items[0].target", equalTo("social-account " + tiktok));

    Api.as(owner).contentType(ContentType.JSON)
        .body(Map.of("verifiedUrlPrefixes", List.of("http://cdn.example.com/", "https://cdn.example.com/?a=1")))
        .patch("/api/v1/social-accounts/" + tiktok).then().statusCode(422)
        .body("errors.field", equalTo(List.of("verifiedUrlPrefixes[0]", "verifiedUrlPrefixes[1]")));
    Api.as(owner).contentType(ContentType.JSON).body(Map.of("verifiedUrlPrefix", List.of()))
        .patch("/api/v1/social-accounts/" + tiktok).then().statusCode(422)
        .body("errors[0].field", equalTo("verifiedUrlPrefix"));
    String facebook = Platforms.connectFacebookPage(owner, "int-" + UUID.randomUUID(), "EAAP-internal");
    Api.as(owner).contentType(ContentType.JSON).body(Map.of("verifiedUrlPrefixes", List.of("https://a.example/")))
        .patch("/api/v1/social-accounts/" + facebook).then().statusCode(422)
        .body("errors[0].field", equalTo("verifiedUrlPrefixes"));
    Api.as(Api.member(owner, "EDITOR")).contentType(ContentType.JSON)
        .body(Map.of("verifiedUrlPrefixes", List.of())).patch("/api/v1/social-accounts/" + tiktok).then()
        .statusCode(403);
    Api.as(Api.signup()).contentType(ContentType.JSON).body(Map.of("verifiedUrlPrefixes", List.of()))
        .patch("/api/v1/social-accounts/" + tiktok).then().statusCode(404);
  }
}
