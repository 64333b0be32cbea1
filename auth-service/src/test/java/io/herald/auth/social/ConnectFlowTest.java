package io.herald.auth.social;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.auth.support.Platforms;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The connect flow is bound to the browser that started it, shows who connects what to which tenant before anything
 * is stored, and ends on a Herald page or at the client's allowlisted returnUrl (issue 12, account injection).
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class ConnectFlowTest {

  @Test
  void aCallbackReachingAnotherBrowserIsRefusedAndConnectsNothing() {
    // The attacker, an ADMIN of their own tenant, starts a connect and opens the start link themselves...
    var attacker = Api.signup();
    var flow = Platforms.startConnect(attacker, "FACEBOOK");
    String code = "fb-victim-" + UUID.randomUUID();
    Platforms.stubFacebookLogin(code, "[" + Platforms.page("v-" + UUID.randomUUID(), "Victim Page", "EAAP-victim",
        "CREATE_CONTENT") + "]");
    // ...then sends the platform's consent URL to a Page admin, who approves: their browser has no binding cookie.
    Response refused = given().accept(ContentType.HTML).queryParam("code", code).queryParam("state", flow.get("state"))
        .get("/api/v1/social-accounts/callback/facebook");
    refused.then().statusCode(403).contentType(containsString("text/html"))
        .body(containsString("started in another browser")).body(not(containsString("Victim Page")));
    // The state is spent: the attacker cannot replay it from their own browser either.
    Platforms.callback("facebook", flow, Map.of("code", code, "state", flow.get("state"))).then().statusCode(400)
        .body("type", endsWith("/invalid-state"));
    // A browser with a binding cookie of its own (the victim uses Herald too) is refused the same way.
    var second = Platforms.startConnect(attacker, "FACEBOOK");
    var victims = Platforms.startConnect(Api.signup(), "FACEBOOK");
    given().accept(ContentType.JSON).header("Cookie", victims.get("_cookie")).queryParam("code", code)
        .queryParam("state", second.get("state")).get("/api/v1/social-accounts/callback/facebook")
        .then().statusCode(403).contentType("application/problem+json")
        .body("type", endsWith("/connect-browser-mismatch"));

    Api.as(attacker).get("/api/v1/social-accounts").then().body("size()", equalTo(0));
    Api.as(attacker).get("/api/v1/audit-events?type=ACCOUNT_CONNECT_REFUSED").then().body("items.size()", equalTo(2));
    PlatformFake.server().verify(0, WireMock.getRequestedFor(urlPathEqualTo("/v21.0/oauth/access_token"))
        .withQueryParam("code", WireMock.equalTo(code)));
  }

  @Test
  void theUserSeesWhoConnectsWhatToWhichTenantAndNothingIsStoredBeforeConfirming() {
    var owner = Api.signup();
    String tenantName = Api.as(owner).get("/api/v1/tenant").then().statusCode(200).extract().path("name");
    var flow = Platforms.startConnect(owner, "FACEBOOK");
    String code = "fb-code-" + UUID.randomUUID();
    Platforms.stubFacebookLogin(code, "[" + Platforms.page("k-" + UUID.randomUUID(), "Kitten Page", "EAAP-k",
        "CREATE_CONTENT") + "," + Platforms.page("p-" + UUID.randomUUID(), "Puppy Page", "EAAP-p", "CREATE_CONTENT")
        + "]");

    Response page = given().accept(ContentType.HTML).header("Cookie", flow.get("_cookie"))
        .queryParam("code", code).queryParam("state", flow.get("state"))
        .get("/api/v1/social-accounts/callback/facebook");
    page.then().statusCode(200).contentType(containsString("text/html"))
        .header("X-Frame-Options", "DENY").header("Cache-Control", "no-store")
        .header("Referrer-Policy", "no-referrer")
        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
        .body(containsString("<strong>" + owner.email() + "</strong> is connecting"))
        .body(containsString("<strong>Kitten Page</strong>, <strong>Puppy Page</strong>"))
        .body(containsString("to <strong>" + tenantName + "</strong>"))
        .body(containsString("name=\"csrf\"")).body(not(containsString("EAAP")));
    Api.as(owner).get("/api/v1/social-accounts").then().body("size()", equalTo(0));

    String csrf = between(page.asString(), "name=\"csrf\" value=\"", "\"");
    Response done = given().accept(ContentType.HTML).header("Cookie", flow.get("_cookie"))
        .contentType("application/x-www-form-urlencoded").formParam("connect", flow.get("_connectId"))
        .formParam("csrf", csrf).formParam("decision", "confirm")
        .post("/api/v1/social-accounts/connect/confirm");
    done.then().statusCode(200).contentType(containsString("text/html"))
        .body(containsString("Facebook connected")).body(containsString("Kitten Page"))
        .body(containsString(tenantName));
    Api.as(owner).get("/api/v1/social-accounts").then().body("size()", equalTo(2));
  }

  @Test
  void cancelConnectsNothing() {
    var owner = Api.signup();
    var flow = Platforms.startConnect(owner, "TIKTOK");
    String code = "tt-code-" + UUID.randomUUID();
    Platforms.stubTikTokCode(code, "open-" + UUID.randomUUID(), "act.c", "rft.c", 86400);
    var pending = Platforms.callback("tiktok", flow, Map.of("code", code, "state", flow.get("state")));
    Platforms.decide(flow, pending, "cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
    Api.as(owner).get("/api/v1/social-accounts").then().body("size()", equalTo(0));
  }

  @Test
  void theConfirmationNeedsThisFlowsCsrfTokenAndCookieAndHappensOnce() {
    var owner = Api.signup();
    var flow = Platforms.startConnect(owner, "FACEBOOK");
    String code = "fb-code-" + UUID.randomUUID();
    Platforms.stubFacebookLogin(code, "[" + Platforms.page("c-" + UUID.randomUUID(), "Csrf Page", "EAAP-c",
        "CREATE_CONTENT") + "]");
    var pending = Platforms.callback("facebook", flow, Map.of("code", code, "state", flow.get("state")));
    pending.then().statusCode(200);
    String connectId = pending.path("connectId");
    // A cross-site form post: SameSite=Lax keeps the cookie back, and it cannot know the token either.
    confirm(null, connectId, pending.path("csrfToken")).then().statusCode(403)
        .body("type", endsWith("/connect-browser-mismatch"));
    confirm(flow.get("_cookie"), connectId, "forged").then().statusCode(403).body("type", endsWith("/invalid-csrf-token"));
    Api.as(owner).get("/api/v1/social-accounts").then().body("size()", equalTo(0));

    confirm(flow.get("_cookie"), connectId, pending.path("csrfToken")).then().statusCode(200)
        .body("status", equalTo("CONNECTED")).body("accounts[0].name", equalTo("Csrf Page"));
    confirm(flow.get("_cookie"), connectId, pending.path("csrfToken")).then().statusCode(400)
        .body("type", endsWith("/invalid-confirmation"));
    Api.as(owner).get("/api/v1/social-accounts").then().body("size()", equalTo(1));
  }

  @Test
  void theStartLinkWorksOnceAndSetsAHostOnlySecureHttpOnlyLaxCookie() {
    var owner = Api.signup();
    String startUrl = Api.as(owner).contentType(ContentType.JSON).body(Map.of("platform", "FACEBOOK"))
        .post("/api/v1/social-accounts/connect").then().statusCode(200)
        .header("Cache-Control", "no-store")
        .body("authorizationUrl", containsString(PlatformFake.PUBLIC_URL + "/api/v1/social-accounts/connect/start?"))
        .extract().path("authorizationUrl");
    String path = startUrl.substring(PlatformFake.PUBLIC_URL.length());
    Response first = given().redirects().follow(false).get(path);
    first.then().statusCode(303).header("Location", containsString("/v21.0/dialog/oauth?"));
    String cookie = first.header("Set-Cookie");
    assertThat(cookie).startsWith("__Host-herald-connect=").contains("; Path=/").contains("; HttpOnly")
        .contains("; SameSite=Lax").contains("; Secure").doesNotContain("Domain=");
    given().redirects().follow(false).accept(ContentType.HTML).get(path).then().statusCode(400)
        .contentType(containsString("text/html")).body(containsString("already used or has expired"));
  }

  @Test
  void theFlowReturnsToAnAllowlistedReturnUrlWithTheResult() {
    var owner = Api.signup();
    var admin = Api.member(owner, "ADMIN");
    String returnUrl = "https://app.example.org/herald/connected?tab=accounts";
    Api.as(admin).contentType(ContentType.JSON).body(Map.of("platform", "FACEBOOK", "returnUrl", returnUrl))
        .post("/api/v1/social-accounts/connect").then().statusCode(422).body("errors[0].field", equalTo("returnUrl"));

    Api.as(admin).contentType(ContentType.JSON)
        .body(Map.of("returnUrlAllowlist", List.of("https://APP.example.org:443", "http://localhost:3000")))
        .patch("/api/v1/tenant").then().statusCode(200)
        .body("returnUrlAllowlist", equalTo(List.of("https://app.example.org", "http://localhost:3000")));
    Api.as(admin).contentType(ContentType.JSON)
        .body(Map.of("returnUrlAllowlist", List.of("https://app.example.org/path", "http://evil.example")))
        .patch("/api/v1/tenant").then().statusCode(422).body("errors.size()", equalTo(2));
    Api.as(admin).contentType(ContentType.JSON)
        .body(Map.of("platform", "FACEBOOK", "returnUrl", "https://app.example.org.evil.example/x"))
        .post("/api/v1/social-accounts/connect").then().statusCode(422);

    var flow = Platforms.startConnect(admin, "FACEBOOK", returnUrl);
    String code = "fb-code-" + UUID.randomUUID();
    Platforms.stubFacebookLogin(code, "[" + Platforms.page("r-" + UUID.randomUUID(), "Return Page", "EAAP-r",
        "CREATE_CONTENT") + "]");
    var pending = Platforms.callback("facebook", flow, Map.of("code", code, "state", flow.get("state")));
    Response back = given().redirects().follow(false).accept(ContentType.HTML).header("Cookie", flow.get("_cookie"))
        .contentType("application/x-www-form-urlencoded").formParam("connect", pending.<String>path("connectId"))
        .formParam("csrf", pending.<String>path("csrfToken")).formParam("decision", "confirm")
        .post("/api/v1/social-accounts/connect/confirm");
    back.then().statusCode(303);
    String location = back.header("Location");
    assertThat(location).startsWith(returnUrl + "&state=" + flow.get("_connectId") + "&status=connected");
    String accountId = Platforms.query(location).get("accounts");
    Api.as(admin).get("/api/v1/social-accounts/" + accountId).then().statusCode(200)
        .body("name", equalTo("Return Page"));
    assertThat(URI.create(location).getHost()).isEqualTo("app.example.org");
  }

  @Test
  void pagesEscapeWhatThePlatformSends() {
    var owner = Api.signup();
    var flow = Platforms.startConnect(owner, "FACEBOOK");
    String code = "fb-code-" + UUID.randomUUID();
    Platforms.stubFacebookLogin(code, "[" + Platforms.page("x-" + UUID.randomUUID(),
        "<script>alert(1)</script>", "EAAP-x", "CREATE_CONTENT") + "]");
    given().accept(ContentType.HTML).header("Cookie", flow.get("_cookie")).queryParam("code", code)
        .queryParam("state", flow.get("state")).get("/api/v1/social-accounts/callback/facebook").then()
        .statusCode(200).body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"))
        .body(not(containsString("<script>")));
  }

  @Test
  void theTikTokCreatorIsNamedOnTheConfirmation() {
    var owner = Api.signup();
    var flow = Platforms.startConnect(owner, "TIKTOK");
    String code = "tt-code-" + UUID.randomUUID();
    String access = "act.named-" + UUID.randomUUID();
    String openId = "open-" + UUID.randomUUID();
    Platforms.stubTikTokCode(code, openId, access, "rft.n", 86400);
    PlatformFake.server().stubFor(get(urlPathEqualTo("/v2/user/info/"))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + access))
        .willReturn(okJson("{\"data\":{\"user\":{\"open_id\":\"" + openId + "\",\"display_name\":\"Kit Creator\"}},"
            + "\"error\":{\"code\":\"ok\",\"message\":\"\",\"log_id\":\"x\"}}")));
    var pending = Platforms.callback("tiktok", flow, Map.of("code", code, "state", flow.get("state")));
    pending.then().statusCode(200).body("accounts[0].name", equalTo("Kit Creator"))
        .body("connectingUser", equalTo(owner.email())).body("tenant.id", equalTo(owner.tenantId().toString()));
    Platforms.decide(flow, pending, "confirm").then().statusCode(200).body("accounts[0].name", equalTo("Kit Creator"))
        .body("accounts[0].externalId", equalTo(openId));
  }

  private static Response confirm(String cookie, String connectId, String csrf) {
    var request = given().accept(ContentType.JSON).contentType("application/x-www-form-urlencoded")
        .formParam("connect", connectId).formParam("csrf", csrf).formParam("decision", "confirm");
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return request.post("/api/v1/social-accounts/connect/confirm");
  }

  private static String between(String text, String before, String after) {
    int start = text.indexOf(before) + before.length();
    return text.substring(start, text.indexOf(after, start));
  }
}
