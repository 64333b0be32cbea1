package io.herald.auth.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Stubs of the documented Facebook and TikTok OAuth answers, and the connect round trip through Herald. */
public final class Platforms {
  public static final String VERSION = "v21.0";

  private Platforms() {}

  /**
   * Starts a connect as the session's user, and opens Herald's start link as a browser would (without following the
   * redirect): answers the query parameters of the platform's authorization URL, plus {@code _url} (that URL),
   * {@code _cookie} (the binding cookie, {@code name=value}) and {@code _connectId}.
   */
  public static Map<String, String> startConnect(Api.Session session, String platform) {
    return startConnect(session, platform, null);
  }

  public static Map<String, String> startConnect(Api.Session session, String platform, String returnUrl) {
    var body = new HashMap<String, Object>();
    body.put("platform", platform);
    if (returnUrl != null) {
      body.put("returnUrl", returnUrl);
    }
    var answer = Api.as(session).contentType(ContentType.JSON).body(body)
        .post("/api/v1/social-accounts/connect").then().statusCode(200).extract();
    var opened = open(answer.path("authorizationUrl"));
    var params = query(opened.url());
    params.put("_url", opened.url());
    params.put("_cookie", opened.cookie());
    params.put("_connectId", answer.path("connectId"));
    return params;
  }

  /** Where the start link sent the browser, and the cookie it set. */
  public record Opened(String url, String cookie) {}

  /** Opens a Herald start link (a public URL) on the test server, without following its redirect. */
  public static Opened open(String startUrl) {
    assertThatUrl(startUrl);
    var response = given().redirects().follow(false).get(startUrl.substring(PlatformFake.PUBLIC_URL.length()));
    response.then().statusCode(303);
    String setCookie = response.header("Set-Cookie");
    return new Opened(response.header("Location"), setCookie == null ? null : setCookie.split(";")[0]);
  }

  private static void assertThatUrl(String startUrl) {
    if (!startUrl.startsWith(PlatformFake.PUBLIC_URL + "/api/v1/social-accounts/connect/start?flow=")) {
      throw new AssertionError("not a Herald start link: " + startUrl);
    }
  }

  /** The platform's redirect back, in the browser that started the flow, asking for JSON. */
  public static io.restassured.response.Response callback(String platform, Map<String, String> flow,
      Map<String, String> params) {
    var request = given().accept(ContentType.JSON).queryParams(params);
    if (flow != null && flow.get("_cookie") != null) {
      request.header("Cookie", flow.get("_cookie"));
    }
    return request.get("/api/v1/social-accounts/callback/" + platform);
  }

  /** Posts the confirmation form (Confirm or Cancel) of a pending connect, from the browser that started it. */
  public static io.restassured.response.Response decide(Map<String, String> flow,
      io.restassured.response.Response pending, String decision) {
    pending.then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("CONFIRMATION_REQUIRED"));
    return given().accept(ContentType.JSON).header("Cookie", flow.get("_cookie"))
        .contentType("application/x-www-form-urlencoded")
        .formParam("connect", pending.<String>path("connectId")).formParam("csrf", pending.<String>path("csrfToken"))
        .formParam("decision", decision)
        .post("/api/v1/social-accounts/connect/confirm");
  }

  /** Callback then Confirm: the whole return trip of a browser whose user confirms; answers the final answer. */
  public static io.restassured.response.Response complete(String platform, Map<String, String> flow,
      Map<String, String> params) {
    return decide(flow, callback(platform, flow, params), "confirm");
  }

  public static Map<String, String> query(String url) {
    var params = new HashMap<String, String>();
    String query = URI.create(url).getRawQuery();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  /**
   * Facebook: code -> short-lived token -> long-lived token -> the given Pages (id, name, token, tasks) in one page of
   * {@code /me/accounts}, no Business, and the usual permissions granted.
   */
  public static void stubFacebookLogin(String code, String pagesJson) {
    String longLived = stubFacebookTokens(code);
    var fake = PlatformFake.server();
    fake.stubFor(get(urlPathEqualTo("/" + VERSION + "/me/accounts"))
        .withQueryParam("access_token", equalTo(longLived))
        .willReturn(okJson("{\"data\":" + pagesJson
            + ",\"paging\":{\"cursors\":{\"before\":\"a\",\"after\":\"b\"}}}")));
    fake.stubFor(get(urlPathEqualTo("/" + VERSION + "/me/businesses"))
        .withQueryParam("access_token", equalTo(longLived))
        .willReturn(okJson("{\"data\":[],\"paging\":{}}")));
    stubFacebookPermissions(longLived, "pages_show_list", "pages_read_engagement", "pages_manage_posts",
        "pages_manage_engagement", "business_management");
  }

  /** {@code /me/permissions} of the user token: these are granted. */
  public static void stubFacebookPermissions(String userToken, String... granted) {
    PlatformFake.server().stubFor(get(urlPathEqualTo("/" + VERSION + "/me/permissions"))
        .withQueryParam("access_token", equalTo(userToken))
        .willReturn(okJson("{\"data\":[" + String.join(",", java.util.Arrays.stream(granted)
            .map(p -> "{\"permission\":\"" + p + "\",\"status\":\"granted\"}").toList()) + "]}")));
  }

  /** Facebook: the code and long-lived exchanges only; answers the long-lived user token the lists must expect. */
  public static String stubFacebookTokens(String code) {
    String shortLived = "EAA-short-" + UUID.randomUUID();
    String longLived = "EAA-long-" + UUID.randomUUID();
    var fake = PlatformFake.server();
    fake.stubFor(get(urlPathEqualTo("/" + VERSION + "/oauth/access_token"))
        .withQueryParam("code", equalTo(code))
        .withQueryParam("client_id", equalTo("test-app-id"))
        .withQueryParam("client_secret", equalTo("test-app-secret"))
        .withQueryParam("redirect_uri", equalTo(PlatformFake.PUBLIC_URL + "/api/v1/social-accounts/callback/facebook"))
        .willReturn(okJson(userToken(shortLived))));
    fake.stubFor(get(urlPathEqualTo("/" + VERSION + "/oauth/access_token"))
        .withQueryParam("grant_type", equalTo("fb_exchange_token"))
        .withQueryParam("fb_exchange_token", equalTo(shortLived))
        .willReturn(okJson(userToken(longLived))));
    return longLived;
  }

  private static String userToken(String token) {
    return "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":5183944}";
  }

  public static String page(String id, String name, String token, String... tasks) {
    return "{\"access_token\":\"" + token + "\",\"category\":\"Brand\",\"name\":\"" + name + "\",\"id\":\"" + id
        + "\",\"tasks\":[" + String.join(",", java.util.Arrays.stream(tasks).map(t -> "\"" + t + "\"").toList()) + "]}";
  }

  /** TikTok: the code exchange answers this pair. */
  public static void stubTikTokCode(String code, String openId, String accessToken, String refreshToken,
      long expiresIn) {
    String refresh = refreshToken == null ? ""
        : ",\"refresh_token\":\"" + refreshToken + "\",\"refresh_expires_in\":31536000";
    PlatformFake.server().stubFor(post(urlPathEqualTo("/v2/oauth/token/"))
        .withFormParam("grant_type", equalTo("authorization_code"))
        .withFormParam("code", equalTo(code))
        .withFormParam("client_key", equalTo("test-client-key"))
        .withFormParam("client_secret", equalTo("test-client-secret"))
        .willReturn(okJson("{\"access_token\":\"" + accessToken + "\",\"expires_in\":" + expiresIn + ",\"open_id\":\""
            + openId + "\"" + refresh + ",\"scope\":\"user.info.basic,video.publish\",\"token_type\":\"Bearer\"}")));
  }

  /** TikTok: refreshing with this refresh token answers a rotated pair (after a delay, to widen race windows). */
  public static void stubTikTokRefresh(String refreshToken, String openId, String newAccess, String newRefresh,
      int delayMillis) {
    PlatformFake.server().stubFor(post(urlPathEqualTo("/v2/oauth/token/"))
        .withFormParam("grant_type", equalTo("refresh_token"))
        .withFormParam("refresh_token", equalTo(refreshToken))
        .willReturn(okJson("{\"access_token\":\"" + newAccess + "\",\"expires_in\":86400,\"open_id\":\"" + openId
            + "\",\"refresh_token\":\"" + newRefresh + "\",\"refresh_expires_in\":31536000,"
            + "\"scope\":\"user.info.basic,video.publish\",\"token_type\":\"Bearer\"}").withFixedDelay(delayMillis)));
  }

  /** TikTok: {@code GET /v2/user/info/} with this access token answers this creator's profile. */
  public static void stubTikTokUserInfo(String accessToken, String openId, String displayName, String avatarUrl) {
    PlatformFake.server().stubFor(get(urlPathEqualTo("/v2/user/info/"))
        .withHeader("Authorization", equalTo("Bearer " + accessToken))
        .withQueryParam("fields", equalTo("open_id,union_id,avatar_url,display_name"))
        .willReturn(okJson("{\"data\":{\"user\":{\"open_id\":\"" + openId + "\",\"union_id\":\"u-" + openId
            + "\",\"avatar_url\":\"" + avatarUrl + "\",\"display_name\":\"" + displayName + "\"}},"
            + "\"error\":{\"code\":\"ok\",\"message\":\"\",\"log_id\":\"20261206\"}}")));
  }

  /** TikTok's documented OAuth error body. */
  public static void stubTikTokRefreshInvalidGrant(String refreshToken) {
    PlatformFake.server().stubFor(post(urlPathEqualTo("/v2/oauth/token/"))
        .withFormParam("grant_type", equalTo("refresh_token"))
        .withFormParam("refresh_token", equalTo(refreshToken))
        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token is invalid or expired.\","
                + "\"log_id\":\"20231011224844A3B1\"}")));
  }

  /** Connects a TikTok account for the session's tenant through the real flow; answers the account id. */
  public static String connectTikTok(Api.Session owner, String openId, String access, String refresh) {
    var auth = startConnect(owner, "TIKTOK");
    String code = "tt-code-" + UUID.randomUUID();
    stubTikTokCode(code, openId, access, refresh, 86400);
    return complete("tiktok", auth,
            Map.of("code", code, "state", auth.get("state"), "scopes", "user.info.basic,video.publish"))
        .then().statusCode(200).extract().path("accounts[0].id");
  }

  /** Connects one Facebook Page for the session's tenant; answers the account id. */
  public static String connectFacebookPage(Api.Session owner, String pageId, String pageToken) {
    var auth = startConnect(owner, "FACEBOOK");
    String code = "fb-code-" + UUID.randomUUID();
    stubFacebookLogin(code, "[" + page(pageId, "Page " + pageId, pageToken, "CREATE_CONTENT", "MANAGE") + "]");
    return complete("facebook", auth, Map.of("code", code, "state", auth.get("state")))
        .then().statusCode(200).extract().path("accounts[0].id");
  }
}
