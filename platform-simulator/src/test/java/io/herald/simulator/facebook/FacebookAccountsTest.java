package io.herald.simulator.facebook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paged {@code /me/accounts}, Business-managed Pages, and {@code debug_token} after a permission or token is taken. */
@QuarkusTest
class FacebookAccountsTest {
  static final List<String> SCOPES = List.of("pages_show_list", "pages_read_engagement", "pages_manage_posts",
      "pages_manage_engagement", "business_management");

  @Test
  void meAccountsIsPagedAndEveryPageIsReachedByFollowingPagingNext() {
    var seeded = seed("First");
    String userId = seeded.get("userId");
    for (String name : List.of("Second", "Third")) {
      given().contentType(ContentType.JSON).body(Map.of("name", name, "userId", userId, "scopes", SCOPES))
          .post("/_sim/facebook/pages").then().statusCode(201);
    }
    var names = new ArrayList<String>();
    String next = "/v21.0/me/accounts?limit=1&fields=id,name,access_token,tasks";
    int pages = 0;
    while (next != null) {
      var answer = given().queryParam("access_token", seeded.get("userToken")).get(next).then().statusCode(200)
          .body("data", hasSize(1)).body("data[0].access_token", org.hamcrest.Matchers.startsWith("EAAP"))
          .body("paging.cursors.after", org.hamcrest.Matchers.notNullValue()).extract();
      names.add(answer.path("data[0].name"));
      String link = answer.path("paging.next");
      next = link == null ? null : relative(link);
      pages++;
    }
    assertThat(names).containsExactly("First", "Second", "Third");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void pagesManagedThroughABusinessAreListedUnderItsOwnedAndClientPages() {
    var seeded = seed("Own Page");
    String businessId = given().contentType(ContentType.JSON)
        .body(Map.of("userId", seeded.get("userId"), "name", "Acme", "ownedPages", List.of("Acme Brand"),
            "clientPages", List.of("Client Shop")))
        .post("/_sim/facebook/access/businesses").then().statusCode(201).extract().path("id");

    given().queryParam("access_token", seeded.get("userToken")).get("/v21.0/me/businesses")
        .then().statusCode(200).body("data.id", hasItem(businessId)).body("data.name", hasItem("Acme"));
    given().queryParam("access_token", seeded.get("userToken")).queryParam("fields", "id,name,access_token,tasks")
        .get("/v21.0/" + businessId + "/owned_pages").then().statusCode(200)
        .body("data.name", equalTo(List.of("Acme Brand"))).body("data[0].access_token", not(nullValue()));
    given().queryParam("access_token", seeded.get("userToken"))
        .get("/v21.0/" + businessId + "/client_pages").then().statusCode(200)
        .body("data.name", equalTo(List.of("Client Shop")));
    given().queryParam("access_token", seeded.get("userToken")).get("/v21.0/me/accounts")
        .then().statusCode(200).body("data.name", equalTo(List.of("Own Page")));
  }

  @Test
  void businessesNeedBusinessManagement() {
    var seeded = given().contentType(ContentType.JSON).body(Map.of("name", "No BM"))
        .post("/_sim/facebook/pages").then().statusCode(201).extract().<String>path("userToken");
    given().queryParam("access_token", seeded).get("/v21.0/me/businesses")
        .then().statusCode(403).body("error.code", equalTo(200));
  }

  @Test
  void debugTokenShowsARevokedPermissionAndAnInvalidatedToken() {
    var seeded = seed("Checked Page");
    String pageToken = seeded.get("pageToken");
    given().queryParam("input_token", pageToken).queryParam("access_token", "app-id|app-secret")
        .get("/v21.0/debug_token").then().statusCode(200)
        .body("data.is_valid", equalTo(true)).body("data.type", equalTo("PAGE")).body("data.expires_at", equalTo(0))
        .body("data.scopes", hasItem("pages_manage_engagement"));

    given().contentType(ContentType.JSON).body(Map.of("token", pageToken, "scope", "pages_manage_engagement"))
        .post("/_sim/facebook/access/scopes/revoke").then().statusCode(200).body("revoked", equalTo(1));
    given().queryParam("input_token", pageToken).queryParam("access_token", "app-id|app-secret")
        .get("/v21.0/debug_token").then().statusCode(200)
        .body("data.is_valid", equalTo(true)).body("data.scopes", not(hasItem("pages_manage_engagement")))
        .body("data.scopes", hasItem("pages_manage_posts"));

    given().contentType(ContentType.JSON).body(Map.of("token", pageToken)).post("/_sim/tokens/revoke")
        .then().statusCode(200);
    given().queryParam("input_token", pageToken).queryParam("access_token", "app-id|app-secret")
        .get("/v21.0/debug_token").then().statusCode(200)
        .body("data.is_valid", equalTo(false)).body("data.error.code", equalTo(190))
        .body("data.error.subcode", equalTo(460));
  }

  private static Map<String, String> seed(String name) {
    return given().contentType(ContentType.JSON).body(Map.of("name", name, "scopes", SCOPES))
        .post("/_sim/facebook/pages").then().statusCode(201).extract().as(Map.class);
  }

  private static String relative(String absolute) {
    var uri = URI.create(absolute);
    return uri.getRawPath() + "?" + uri.getRawQuery();
  }
}
