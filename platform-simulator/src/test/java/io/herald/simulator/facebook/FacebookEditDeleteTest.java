package io.herald.simulator.facebook;

import static io.herald.simulator.facebook.FacebookPublishLaterTest.edge;
import static io.herald.simulator.facebook.FacebookPublishLaterTest.publish;
import static io.herald.simulator.facebook.FacebookPublishLaterTest.read;
import static io.herald.simulator.facebook.FacebookPublishTest.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.herald.simulator.SimFixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /{post-id}} with {@code message} edits a published post's text; {@code DELETE /{post-id}} deletes it;
 * both answer Graph's documented errors: 100/33 for a post that does not exist (or was deleted, or is another
 * Page's), 200 for a permission the token lacks.
 */
@QuarkusTest
class FacebookEditDeleteTest {

  @AfterEach
  void clear() {
    given().delete("/_sim/faults").then().statusCode(204);
  }

  @Test
  void aPublishedPostsTextIsEditedAndReadsBack() {
    var page = SimFixtures.page();
    String postId = post(page, Map.of("message", "Launch day")).then().statusCode(200).extract().path("id");

    publish(page, postId, Map.of("message", "Launch day, updated")).then().statusCode(200)
        .body("success", equalTo(true));

    read(page, postId, "id,message").then().statusCode(200).body("message", equalTo("Launch day, updated"));
    edge(page, "feed").then().body("data.id", contains(postId));
  }

  @Test
  void aDeletedPostIsGoneAndASecondDeleteOrEditSaysItDoesNotExist() {
    var page = SimFixtures.page();
    String postId = post(page, Map.of("message", "To be deleted")).then().statusCode(200).extract().path("id");

    delete(page, postId).then().statusCode(200).body("success", equalTo(true));

    read(page, postId, "id,message").then().statusCode(400).body("error.code", equalTo(100))
        .body("error.error_subcode", equalTo(33));
    delete(page, postId).then().statusCode(400).body("error.code", equalTo(100))
        .body("error.error_subcode", equalTo(33));
    publish(page, postId, Map.of("message", "Too late")).then().statusCode(400).body("error.code", equalTo(100));
    edge(page, "feed").then().body("data", hasSize(0));
  }

  @Test
  void anotherPagesPostOrAPostWithoutPermissionIsRefused() {
    var page = SimFixtures.page();
    var other = SimFixtures.page();
    String theirs = post(other, Map.of("message", "theirs")).then().statusCode(200).extract().path("id");

    delete(page, theirs).then().statusCode(400).body("error.code", equalTo(100));
    publish(page, theirs, Map.of("message", "mine now")).then().statusCode(400).body("error.code", equalTo(100));
    read(other, theirs, "message").then().body("message", equalTo("theirs"));
  }

  @Test
  void anInjectedFaultAnswersOnTheEditAndDeleteEndpoints() {
    var page = SimFixtures.page();
    String postId = post(page, Map.of("message", "Faulty")).then().statusCode(200).extract().path("id");
    given().contentType("application/json").body(Map.of("endpoint", "facebook.delete", "status", 500, "code", "2",
        "count", 1)).post("/_sim/faults").then().statusCode(201);
    given().contentType("application/json").body(Map.of("endpoint", "facebook.edit", "status", 500, "code", "2",
        "count", 1)).post("/_sim/faults").then().statusCode(201);

    publish(page, postId, Map.of("message", "Edited")).then().statusCode(500).body("error.code", equalTo(2));
    delete(page, postId).then().statusCode(500).body("error.code", equalTo(2));
    read(page, postId, "message").then().body("message", equalTo("Faulty"));
    delete(page, postId).then().statusCode(200);
  }

  static io.restassured.response.Response delete(Map<String, String> page, String id) {
    return given().header("Authorization", "Bearer " + page.get("pageToken")).delete("/v21.0/" + id);
  }
}
