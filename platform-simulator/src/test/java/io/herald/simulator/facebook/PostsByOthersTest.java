package io.herald.simulator.facebook;

import static io.herald.simulator.facebook.FacebookPublishTest.post;
import static io.herald.simulator.facebook.FacebookPublishTest.published;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.herald.simulator.SimFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Posts made on a Page outside Herald (control API), and how a reader tells them from Herald's. */
@QuarkusTest
class PostsByOthersTest {

  @Test
  void adminsOtherAppsAndVisitorsPostsAreToldApartByApplicationAndFrom() {
    var page = SimFixtures.page();
    String herald = post(page, Map.of("message", "same words")).then().statusCode(200).extract().path("id");
    List<String> admin = seed(page, Map.of("message", "same words")).then().statusCode(201)
        .extract().jsonPath().getList("ids");
    List<String> otherApp = seed(page, Map.of("message", "same words", "appId", "other-app")).then().statusCode(201)
        .extract().jsonPath().getList("ids");
    List<String> visitor = seed(page, Map.of("message", "same words", "kind", "VISITOR")).then().statusCode(201)
        .extract().jsonPath().getList("ids");

    var feed = FacebookReadBackTest.feed(page, Map.of("fields", FacebookReadBackTest.FIELDS));

    assertThat(feed.getList("data.id")).containsExactly(visitor.getFirst(), otherApp.getFirst(), admin.getFirst(),
        herald);
    assertThat(feed.getList("data.message")).containsOnly("same words");
    assertThat(feed.getMap("data[0]")).doesNotContainKeys("application", "admin_creator")
        .containsEntry("status_type", "wall_post");
    assertThat(feed.getString("data[0].from.name")).isEqualTo("Simulated Visitor");
    assertThat(feed.getString("data[0].from.id")).isNotEqualTo(page.get("pageId"));
    assertThat(feed.getString("data[1].application.id")).isEqualTo("other-app");
    assertThat(feed.getString("data[1].admin_creator.id")).isEqualTo(page.get("userId"));
    assertThat(feed.getMap("data[2]")).doesNotContainKey("application")
        .containsEntry("admin_creator", Map.of("id", page.get("userId"), "name", "Herald Demo User"));
    assertThat(feed.getString("data[3].application.id")).isEqualTo("simulated-app");
    // the Page's own posts only: no visitor posts
    given().queryParam("access_token", page.get("pageToken")).get("/v21.0/" + page.get("pageId") + "/published_posts")
        .then().statusCode(200).body("data.id", contains(otherApp.getFirst(), admin.getFirst(), herald));

    assertThat(published(page.get("pageId")))
        .extracting(item -> item.get("madeBy"), item -> item.get("application"), item -> item.get("kind"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("APP", "simulated-app", "FEED"),
            org.assertj.core.groups.Tuple.tuple("ADMIN", null, "FEED"),
            org.assertj.core.groups.Tuple.tuple("APP", "other-app", "FEED"),
            org.assertj.core.groups.Tuple.tuple("VISITOR", null, "VISITOR"));
  }

  @Test
  void postsCanBeBackdatedAndMadeInNumbersWithMedia() {
    var page = SimFixtures.page();
    String anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).toString();
    List<String> old = seed(page, Map.of("message", "old news", "createdTime", anHourAgo, "count", 3))
        .then().statusCode(201).extract().jsonPath().getList("ids");
    seed(page, Map.of("kind", "PHOTO", "mediaUrls", List.of("https://cdn.example.com/p.jpg")))
        .then().statusCode(201).body("ids", hasSize(1));
    seed(page, Map.of("kind", "VIDEO", "message", "an old video", "createdTime", anHourAgo))
        .then().statusCode(201);
    seed(page, Map.of("mediaUrls", List.of("https://cdn.example.com/1.jpg", "https://cdn.example.com/2.jpg")))
        .then().statusCode(201);

    assertThat(old).hasSize(3).doesNotHaveDuplicates();
    long tenMinutesAgo = Instant.now().minus(10, ChronoUnit.MINUTES).getEpochSecond();
    var recent = FacebookReadBackTest.feed(page, Map.of("since", tenMinutesAgo, "fields", "id,status_type"));
    assertThat(recent.getList("data.status_type")).containsExactly("added_photos", "added_photos");
    var all = FacebookReadBackTest.feed(page, Map.of("fields", "id,message,created_time"));
    assertThat(all.getList("data")).hasSize(6);
    assertThat(all.getList("data.id").subList(2, 6)).containsAll(old);
    assertThat(all.getString("data[5].created_time")).isEqualTo(GraphNode.GRAPH_TIME.format(Instant.parse(anHourAgo)));
  }

  @Test
  void badSeedRequestsAreErrors() {
    var page = SimFixtures.page();
    seed(page, Map.of("kind", "STORY", "message", "x")).then().statusCode(422);
    seed(page, Map.of("kind", "VISITOR")).then().statusCode(422);
    seed(page, Map.of("message", "x", "createdTime", "yesterday")).then().statusCode(422);
    given().contentType(ContentType.JSON).body(Map.of("message", "x")).post("/_sim/facebook/pages/404/posts")
        .then().statusCode(404).contentType(ContentType.JSON)
        .body("error", equalTo("Facebook Page 404 was not found"));
  }

  static Response seed(Map<String, String> page, Map<String, Object> request) {
    return given().contentType(ContentType.JSON).body(request)
        .post("/_sim/facebook/pages/" + page.get("pageId") + "/posts");
  }
}
