package io.herald.simulator.control;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.herald.simulator.SimFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ControlTest {
  static final String REDIRECT = "https://herald.example.com/callback";

  @AfterEach
  void approveAgain() {
    given().contentType(ContentType.JSON).body(Map.of("consent", "APPROVE")).put("/_sim/oauth/facebook")
        .then().statusCode(204);
  }

  @Test
  void resetForgetsAccountsTokensAndPublishedItems() {
    var page = SimFixtures.page();
    given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("message", "before reset")).post("/v21.0/" + page.get("pageId") + "/feed")
        .then().statusCode(200);

    given().post("/_sim/reset").then().statusCode(204);

    given().get("/_sim/published").then().statusCode(200).body("size()", equalTo(0));
    given().queryParam("access_token", page.get("pageToken")).get("/v21.0/me")
        .then().statusCode(400).body("error.code", equalTo(190));
  }

  @Test
  void tokenActionsNeedExactlyOneTargetAndAnExistingOne() {
    given().contentType(ContentType.JSON).body(Map.of()).post("/_sim/tokens/expire")
        .then().statusCode(422).contentType(ContentType.JSON).body("field", equalTo("token"));
    given().contentType(ContentType.JSON).body(Map.of("account", "no-such-account")).post("/_sim/tokens/revoke")
        .then().statusCode(404).contentType(ContentType.JSON).body("error", containsString("no-such-account"));
    given().contentType(ContentType.JSON).body(Map.of("consent", "MAYBE")).put("/_sim/oauth/facebook")
        .then().statusCode(422);
  }

  @Test
  void errorsAreTheSimulatorsOwnNeverHeraldsProblemJson() {
    given().contentType(ContentType.JSON).body(Map.of("endpoint", "facebook.feed", "status", "soon"))
        .post("/_sim/faults").then().statusCode(400).contentType(ContentType.JSON)
        .body("field", equalTo("status")).body("error", containsString("wrong type"));
    given().contentType(ContentType.JSON).body(Map.of("endpoint", "facebook.feed", "mode", "SOMETIMES"))
        .post("/_sim/faults").then().statusCode(400).contentType(ContentType.JSON).body("field", equalTo("mode"));
    given().delete("/_sim/faults/f-none").then().statusCode(404).contentType(ContentType.JSON)
        .body("error", equalTo("Fault f-none was not found"));
    given().get("/v2/no/such/endpoint/").then().statusCode(404)
        .header("Content-Type", not(containsString("problem")));
    given().queryParam("bytes", "many").get("/media/demo.mp4").then().statusCode(404)
        .header("Content-Type", not(containsString("problem")));
  }

  @Test
  void aRevokedPageCanBeReconnectedAsTheSameUserAndGetsAFreshToken() {
    var page = SimFixtures.page();
    given().contentType(ContentType.JSON).body(Map.of("account", page.get("pageId"))).post("/_sim/tokens/revoke")
        .then().statusCode(200);
    given().contentType(ContentType.JSON).body(Map.of("consent", "APPROVE", "userId", page.get("userId")))
        .put("/_sim/oauth/facebook").then().statusCode(204);

    String location = given().redirects().follow(false)
        .queryParam("client_id", "simulated-app").queryParam("redirect_uri", REDIRECT).queryParam("state", "re")
        .get("/v21.0/dialog/oauth").then().statusCode(302).extract().header("Location");
    String code = URI.create(location).getQuery().replaceAll(".*code=([^&]+).*", "$1");
    String userToken = given().queryParam("client_id", "simulated-app").queryParam("client_secret", "s")
        .queryParam("redirect_uri", REDIRECT).queryParam("code", code)
        .get("/v21.0/oauth/access_token").then().statusCode(200).extract().path("access_token");

    String freshToken = given().queryParam("access_token", userToken).get("/v21.0/me/accounts")
        .then().statusCode(200)
        .body("data.id", hasItem(page.get("pageId")))
        .body("data.access_token", not(hasItem(page.get("pageToken"))))
        .extract().path("data.find { it.id == '" + page.get("pageId") + "' }.access_token");
    given().contentType(ContentType.JSON).header("Authorization", "Bearer " + freshToken)
        .body(Map.of("message", "after reconnect")).post("/v21.0/" + page.get("pageId") + "/feed")
        .then().statusCode(200);
    assertThat(freshToken).isNotEqualTo(page.get("pageToken"));
  }

  @Test
  void seededTikTokCreatorsCarryTheConfiguredTokenLifetimes() {
    var creator = SimFixtures.creator();

    assertThat(creator).containsEntry("expires_in", 86400).containsEntry("refresh_expires_in", 31536000)
        .containsEntry("token_type", "Bearer").containsKey("openId");
    assertThat((String) creator.get("access_token")).startsWith("act.");
  }
}
