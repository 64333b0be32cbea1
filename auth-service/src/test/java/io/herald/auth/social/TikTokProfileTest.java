package io.herald.auth.social;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.auth.support.Platforms;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Issue 14: a TikTok account is shown by the creator's display name and avatar, not by its open_id. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class TikTokProfileTest {
  @Inject
  DataSource db;
  @Inject
  TokenRefreshJob job;

  @Test
  void theAccountsApiShowsTheCreatorsDisplayNameAndAvatarAndTheRefreshLoopKeepsThemCurrent() throws SQLException {
    var owner = Api.signup();
    String openId = "open-" + UUID.randomUUID();
    String access = "act.profile-" + UUID.randomUUID();
    String refresh = "rft.profile-" + UUID.randomUUID();
    Platforms.stubTikTokUserInfo(access, openId, "Kitten Creator", "https://p16-sign.tiktokcdn.com/kitten.jpeg");
    String id = Platforms.connectTikTok(owner, openId, access, refresh);

    Api.as(owner).get("/api/v1/social-accounts/" + id).then().statusCode(200)
        .body("externalId", equalTo(openId)).body("name", equalTo("Kitten Creator"))
        .body("avatarUrl", equalTo("https://p16-sign.tiktokcdn.com/kitten.jpeg"));

    String newAccess = "act.renamed-" + UUID.randomUUID();
    Platforms.stubTikTokRefresh(refresh, openId, newAccess, "rft.renamed-" + UUID.randomUUID(), 0);
    Platforms.stubTikTokUserInfo(newAccess, openId, "Cat Creator", "https://p16-sign.tiktokcdn.com/cat.jpeg");
    try (var c = db.getConnection();
        var s = c.prepareStatement("UPDATE social_accounts SET refresh_due_at = now() - interval '1 second' "
            + "WHERE id = ?")) {
      s.setObject(1, UUID.fromString(id));
      s.executeUpdate();
    }
    job.runOnce();

    Api.as(owner).get("/api/v1/social-accounts").then().statusCode(200)
        .body("find { it.id == '" + id + "' }.name", equalTo("Cat Creator"))
        .body("find { it.id == '" + id + "' }.avatarUrl", equalTo("https://p16-sign.tiktokcdn.com/cat.jpeg"));
  }

  @Test
  void whenUserInfoFailsTheAccountIsStillConnectedAndNamedByItsOpenId() {
    var owner = Api.signup();
    String openId = "open-" + UUID.randomUUID();
    String access = "act.noinfo-" + UUID.randomUUID();
    PlatformFake.server().stubFor(get(urlPathEqualTo("/v2/user/info/"))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + access))
        .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
            .withBody("{\"data\":{},\"error\":{\"code\":\"scope_not_authorized\",\"message\":\"The user did not "
                + "authorize the scope required for completing this request.\",\"log_id\":\"2026\"}}")));
    String id = Platforms.connectTikTok(owner, openId, access, "rft.noinfo-" + UUID.randomUUID());

    Api.as(owner).get("/api/v1/social-accounts/" + id).then().statusCode(200)
        .body("name", equalTo(openId)).body("avatarUrl", nullValue()).body("status", equalTo("ACTIVE"));
  }
}
