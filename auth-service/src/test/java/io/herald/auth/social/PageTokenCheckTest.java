package io.herald.auth.social;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.auth.support.Platforms;
import io.herald.common.stream.AccountEvent;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: every Page the user can publish to is found at connect (all pages of {@code /me/accounts}, Business
 * Pages), and the daily {@code debug_token} check marks a Page NEEDS_REAUTH, announced, before a post to it fails.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class PageTokenCheckTest {
  static final String V = Platforms.VERSION;

  @Inject
  DataSource db;
  @Inject
  RedisDataSource redis;
  @Inject
  PageTokenCheck check;
  @Inject
  CircuitBreakerMaintenance breakers;

  @BeforeEach
  void closeBreakers() {
    breakers.resetAll();
  }

  @Test
  void connectAsksForEngagementAndBusinessPermissionsAndFindsEveryPageAcrossPagingAndBusinesses() {
    var owner = Api.signup();
    var auth = Platforms.startConnect(owner, "FACEBOOK");
    assertThat(auth.get("scope").split(",")).contains("pages_manage_posts", "pages_read_engagement",
        "pages_manage_engagement", "business_management");
    String code = "fb-code-" + UUID.randomUUID();
    String user = Platforms.stubFacebookTokens(code);
    String n = UUID.randomUUID().toString().substring(0, 8);
    String business = "bm-" + n;
    var fake = PlatformFake.server();
    fake.stubFor(get(urlPathEqualTo("/" + V + "/me/accounts")).withQueryParam("access_token", WireMock.equalTo(user))
        .withQueryParam("after", absent())
        .willReturn(okJson("{\"data\":[" + Platforms.page("p1-" + n, "First", "EAAP-1-" + n, "CREATE_CONTENT")
            + "],\"paging\":{\"cursors\":{\"before\":\"c0\",\"after\":\"c1\"},\"next\":\"" + fake.baseUrl() + "/" + V
            + "/me/accounts?after=c1\"}}")));
    fake.stubFor(get(urlPathEqualTo("/" + V + "/me/accounts")).withQueryParam("access_token", WireMock.equalTo(user))
        .withQueryParam("after", WireMock.equalTo("c1"))
        .willReturn(okJson("{\"data\":[" + Platforms.page("p2-" + n, "Second", "EAAP-2-" + n, "CREATE_CONTENT")
            + "],\"paging\":{\"cursors\":{\"before\":\"c1\",\"after\":\"c2\"}}}")));
    fake.stubFor(get(urlPathEqualTo("/" + V + "/me/businesses")).withQueryParam("access_token", WireMock.equalTo(user))
        .willReturn(okJson("{\"data\":[{\"id\":\"" + business + "\",\"name\":\"Acme\"}],\"paging\":{}}")));
    fake.stubFor(get(urlPathEqualTo("/" + V + "/" + business + "/owned_pages"))
        .withQueryParam("access_token", WireMock.equalTo(user))
        .willReturn(okJson("{\"data\":[" + Platforms.page("p1-" + n, "First", "EAAP-1-" + n, "CREATE_CONTENT")
            + "," + Platforms.page("bo-" + n, "Acme Brand", "EAAP-bo-" + n) + "],\"paging\":{}}")));
    fake.stubFor(get(urlPathEqualTo("/" + V + "/" + business + "/client_pages"))
        .withQueryParam("access_token", WireMock.equalTo(user))
        .willReturn(okJson("{\"data\":[" + Platforms.page("bc-" + n, "Client Shop", "EAAP-bc-" + n, "ANALYZE")
            + "," + Platforms.page("bd-" + n, "Client Two", "EAAP-bd-" + n, "CREATE_CONTENT") + "],\"paging\":{}}")));
    Platforms.stubFacebookPermissions(user, "pages_show_list", "pages_manage_posts");

    Platforms.complete("facebook", auth, Map.of("code", code, "state", auth.get("state"))).then().statusCode(200)
        .body("accounts", hasSize(4))
        .body("accounts.externalId", containsInAnyOrder("p1-" + n, "p2-" + n, "bo-" + n, "bd-" + n));
  }

  @Test
  void aBusinessListRefusedForWantOfBusinessManagementStillConnectsThePagesOfMeAccounts() {
    var owner = Api.signup();
    var auth = Platforms.startConnect(owner, "FACEBOOK");
    String code = "fb-code-" + UUID.randomUUID();
    String n = UUID.randomUUID().toString().substring(0, 8);
    String user = Platforms.stubFacebookTokens(code);
    var fake = PlatformFake.server();
    fake.stubFor(get(urlPathEqualTo("/" + V + "/me/accounts")).withQueryParam("access_token", WireMock.equalTo(user))
        .willReturn(okJson("{\"data\":[" + Platforms.page("nb-" + n, "Own", "EAAP-nb-" + n, "CREATE_CONTENT")
            + "],\"paging\":{\"cursors\":{\"before\":\"a\",\"after\":\"b\"}}}")));
    fake.stubFor(get(urlPathEqualTo("/" + V + "/me/businesses")).withQueryParam("access_token", WireMock.equalTo(user))
        .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"message\":\"(#200) Requires business_management permission to manage the "
                + "object\",\"type\":\"OAuthException\",\"code\":200,\"fbtrace_id\":\"Ab1\"}}")));
    Platforms.stubFacebookPermissions(user, "pages_show_list", "pages_manage_posts");

    Platforms.complete("facebook", auth, Map.of("code", code, "state", auth.get("state"))).then().statusCode(200)
        .body("accounts.externalId", equalTo(List.of("nb-" + n)));
  }

  @Test
  void anInvalidatedPageTokenIsMarkedNeedsReauthAnnouncedAndAuditedBeforeAnyPostFails() throws SQLException {
    var owner = Api.signup();
    String token = "EAAP-check-" + UUID.randomUUID();
    String id = Platforms.connectFacebookPage(owner, "chk-" + UUID.randomUUID(), token);
    stubDebugToken(token, "{\"data\":{\"app_id\":\"test-app-id\",\"type\":\"PAGE\",\"is_valid\":false,"
        + "\"expires_at\":0,\"scopes\":[],\"error\":{\"code\":190,\"subcode\":460,\"message\":\"Error validating "
        + "access token: The session has been invalidated because the user changed their password.\"}}}");
    makeDue(id);

    assertThat(check.check(UUID.fromString(id))).isEqualTo(PageTokenCheck.Outcome.NEEDS_REAUTH);

    Api.as(owner).get("/api/v1/social-accounts/" + id).then().body("status", equalTo("NEEDS_REAUTH"));
    Api.as(owner).get("/api/v1/audit-events?type=ACCOUNT_NEEDS_REAUTH").then()
        .body("items[0].target", equalTo("social-account " + id))
        .body("items[0].detail", containsString("facebook:190/460"));
    assertThat(announced(id)).containsExactly(AccountEvent.Status.NEEDS_REAUTH);
  }

  @Test
  void aPageTokenLackingARequiredPermissionIsMarkedNeedsReauthNamingIt() {
    var owner = Api.signup();
    String token = "EAAP-scope-" + UUID.randomUUID();
    String id = Platforms.connectFacebookPage(owner, "scp-" + UUID.randomUUID(), token);
    stubDebugToken(token, valid("pages_show_list", "pages_read_engagement", "pages_manage_posts"));
    makeDue(id);

    assertThat(check.check(UUID.fromString(id))).isEqualTo(PageTokenCheck.Outcome.NEEDS_REAUTH);

    Api.as(owner).get("/api/v1/audit-events?type=ACCOUNT_NEEDS_REAUTH").then()
        .body("items[0].detail", containsString("pages_manage_engagement"));
    assertThat(announced(id)).containsExactly(AccountEvent.Status.NEEDS_REAUTH);
  }

  @Test
  void aHealthyPageStaysActiveAndIsCheckedAgainOneDayLaterAtTheSameTime() throws SQLException {
    var owner = Api.signup();
    String token = "EAAP-ok-" + UUID.randomUUID();
    String id = Platforms.connectFacebookPage(owner, "ok-" + UUID.randomUUID(), token);
    stubDebugToken(token, valid("pages_show_list", "pages_read_engagement", "pages_manage_posts",
        "pages_manage_engagement"));
    Instant due = makeDue(id);

    var outcomes = check.runOnce();

    assertThat(outcomes).containsKey(PageTokenCheck.Outcome.HEALTHY);
    Api.as(owner).get("/api/v1/social-accounts/" + id).then().body("status", equalTo("ACTIVE"));
    assertThat(dueAt(id)).isEqualTo(due.plus(Duration.ofDays(1)));
    assertThat(announced(id)).isEmpty();
    assertThat(check.check(UUID.fromString(id))).isEqualTo(PageTokenCheck.Outcome.SKIPPED);
  }

  @Test
  void whenFacebookCannotAnswerTheCheckThePageStaysActiveAndIsCheckedAgainWithinTheRetryDelay() {
    var owner = Api.signup();
    String token = "EAAP-down-" + UUID.randomUUID();
    String id = Platforms.connectFacebookPage(owner, "down-" + UUID.randomUUID(), token);
    // The app token itself refused (a wrong app secret) says nothing about the Page token.
    PlatformFake.server().stubFor(get(urlPathEqualTo("/" + V + "/debug_token"))
        .withQueryParam("input_token", WireMock.equalTo(token))
        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"message\":\"Invalid OAuth access token signature.\",\"type\":\"OAuthException\","
                + "\"code\":190,\"fbtrace_id\":\"Ax\"}}")));
    makeDue(id);

    assertThat(check.check(UUID.fromString(id))).isEqualTo(PageTokenCheck.Outcome.UNAVAILABLE);

    Api.as(owner).get("/api/v1/social-accounts/" + id).then().body("status", equalTo("ACTIVE"));
    assertThat(dueAt(id)).isBefore(Instant.now().plus(Duration.ofMinutes(61)));
    assertThat(announced(id)).isEmpty();
  }

  @Test
  void thePagesOfOneConnectAreCheckedAtTimesSpreadOverTheDay() {
    var owner = Api.signup();
    var auth = Platforms.startConnect(owner, "FACEBOOK");
    String code = "fb-code-" + UUID.randomUUID();
    var pages = new ArrayList<String>();
    for (int i = 0; i < 20; i++) {
      pages.add(Platforms.page("sp-" + i + "-" + UUID.randomUUID(), "Page " + i, "EAAP-sp-" + i, "CREATE_CONTENT"));
    }
    Platforms.stubFacebookLogin(code, "[" + String.join(",", pages) + "]");
    Instant before = Instant.now();
    List<String> ids = Platforms.complete("facebook", auth, Map.of("code", code, "state", auth.get("state")))
        .then().statusCode(200).extract().path("accounts.id");

    var due = ids.stream().map(this::dueAt).toList();
    assertThat(due).allSatisfy(d -> assertThat(d).isBetween(before, before.plus(Duration.ofDays(1)).plusSeconds(60)));
    // 20 random times of day, not one burst: all 20 within 4 hours has a probability of about 3 in 10^14.
    var sorted = due.stream().sorted().toList();
    assertThat(Duration.between(sorted.getFirst(), sorted.getLast())).isGreaterThan(Duration.ofHours(4));
  }

  private static String valid(String... scopes) {
    return "{\"data\":{\"app_id\":\"test-app-id\",\"type\":\"PAGE\",\"application\":\"Herald\",\"is_valid\":true,"
        + "\"expires_at\":0,\"data_access_expires_at\":1760000000,\"scopes\":[\"" + String.join("\",\"", scopes)
        + "\"],\"profile_id\":\"1\",\"user_id\":\"2\"}}";
  }

  private static void stubDebugToken(String pageToken, String answer) {
    PlatformFake.server().stubFor(get(urlPathEqualTo("/" + V + "/debug_token"))
        .withQueryParam("input_token", WireMock.equalTo(pageToken))
        .withQueryParam("access_token", WireMock.equalTo("test-app-id|test-app-secret"))
        .willReturn(okJson(answer)));
  }

  private List<AccountEvent.Status> announced(String id) {
    return redis.stream(String.class).xrange(StreamKeys.ACCOUNTS, StreamRange.of("-", "+")).stream()
        .map(message -> AccountEvent.fromFields(message.payload()))
        .filter(event -> event.accountId().toString().equals(id)).map(AccountEvent::status).toList();
  }

  /** Makes the account's check due a second ago; answers that time. */
  private Instant makeDue(String id) {
    Instant due = Instant.now().minusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    try (var c = db.getConnection();
        var s = c.prepareStatement("update social_accounts set health_due_at = ? where id = ?::uuid")) {
      s.setTimestamp(1, Timestamp.from(due));
      s.setString(2, id);
      assertThat(s.executeUpdate()).isEqualTo(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return due;
  }

  private Instant dueAt(String id) {
    try (var c = db.getConnection();
        var s = c.prepareStatement("select health_due_at from social_accounts where id = ?::uuid")) {
      s.setString(1, id);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getTimestamp(1).toInstant();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
