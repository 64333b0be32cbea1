package io.herald.simulator.published;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.simulator.SimFixtures;
import io.herald.simulator.tiktok.TikTokCalls;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PublishedInspectionTest {

  @Test
  void listsEachPublishedItemOnceWithItsPlatformAccountAndContent() {
    var page = SimFixtures.page();
    var creator = SimFixtures.creator();
    String postId = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("message", "hello facebook", "link", "https://example.com/a"))
        .post("/v21.0/" + page.get("pageId") + "/feed").then().statusCode(200).extract().path("id");
    String publishId = TikTokCalls.call(creator, "/v2/post/publish/video/init/",
            TikTokCalls.pullBody("SELF_ONLY", TikTokCalls.VIDEO))
        .then().statusCode(200).extract().path("data.publish_id");

    List<Map<String, Object>> facebook = list("FACEBOOK", page.get("pageId"));
    assertThat(facebook).hasSize(1);
    assertThat(facebook.getFirst()).containsEntry("platform", "FACEBOOK").containsEntry("kind", "FEED")
        .containsEntry("account", page.get("pageId")).containsEntry("id", postId)
        .containsEntry("text", "hello facebook").containsEntry("link", "https://example.com/a")
        .containsKey("createdTime");

    List<Map<String, Object>> tiktok = list("tiktok", (String) creator.get("openId"));
    assertThat(tiktok).hasSize(1);
    assertThat(tiktok.getFirst()).containsEntry("platform", "TIKTOK").containsEntry("publishId", publishId)
        .containsEntry("title", "funny #cat").containsEntry("mediaUrls", List.of(TikTokCalls.VIDEO))
        .containsEntry("status", "PROCESSING_DOWNLOAD");

    assertThat(list("TIKTOK", page.get("pageId"))).isEmpty();
  }

  @Test
  void concurrentPostsAreEachListedExactlyOnce() throws Exception {
    var page = SimFixtures.page();
    List<Callable<Integer>> posts = IntStream.range(0, 16).<Callable<Integer>>mapToObj(i -> () ->
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
            .body(Map.of("message", "concurrent " + i))
            .post("/v21.0/" + page.get("pageId") + "/feed").statusCode()).toList();
    try (var pool = Executors.newFixedThreadPool(8)) {
      for (var result : pool.invokeAll(posts)) {
        assertThat(result.get()).isEqualTo(200);
      }
    }

    var items = list("FACEBOOK", page.get("pageId"));
    assertThat(items).hasSize(16);
    assertThat(items).extracting(item -> item.get("id")).doesNotHaveDuplicates();
    assertThat(items).extracting(item -> item.get("text"))
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 16).mapToObj(i -> "concurrent " + i).toList());
  }

  static List<Map<String, Object>> list(String platform, String account) {
    return given().queryParam("platform", platform).queryParam("account", account).get("/_sim/published")
        .then().statusCode(200).extract().jsonPath().getList("");
  }
}
