package io.herald.simulator.tiktok;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Calls to the simulated Content Posting API and upload URL, shared by the TikTok and fault tests. */
public final class TikTokCalls {
  public static final String VIDEO = "https://cdn.example.com/launch.mp4";

  private TikTokCalls() {}

  public static Response call(Map<String, Object> creator, String path, String body) {
    return given().header("Authorization", "Bearer " + creator.get("access_token"))
        .contentType("application/json; charset=UTF-8").body(body).post(path);
  }

  public static Response status(Map<String, Object> creator, String publishId) {
    return call(creator, "/v2/post/publish/status/fetch/", "{\"publish_id\":\"" + publishId + "\"}");
  }

  public static String pullBody(String privacy, String url) {
    return """
        {"post_info":{"title":"funny #cat","privacy_level":"%s","disable_comment":true},
         "source_info":{"source":"PULL_FROM_URL","video_url":"%s"}}""".formatted(privacy, url);
  }

  public static List<Object> published(Map<String, Object> creator) {
    return given().queryParam("platform", "TIKTOK").queryParam("account", creator.get("openId"))
        .get("/_sim/published").then().statusCode(200).extract().jsonPath().getList("");
  }

  public static io.restassured.path.json.JsonPath init(Map<String, Object> creator, long size, long chunk, long count) {
    return initResponse(creator, size, chunk, count).then().statusCode(200)
        .body("error.code", equalTo("ok")).body("data.upload_url", startsWith("http"))
        .extract().jsonPath();
  }

  public static Response initResponse(Map<String, Object> creator, long size, long chunk, long count) {
    return call(creator, "/v2/post/publish/video/init/", """
        {"post_info":{"title":"upload","privacy_level":"SELF_ONLY"},
         "source_info":{"source":"FILE_UPLOAD","video_size":%d,"chunk_size":%d,"total_chunk_count":%d}}"""
        .formatted(size, chunk, count));
  }

  public static Response put(String uploadUrl, long first, long last, long total) {
    return given().contentType("video/mp4").header("Content-Range", "bytes " + first + "-" + last + "/" + total)
        .body(new byte[(int) (last - first + 1)])
        .put(local(uploadUrl));
  }

  /** A PUT the simulator refuses on its headers alone, so a token body is enough. */
  public static Response rejected(String uploadUrl, long first, long last, long total) {
    return given().contentType("video/mp4").header("Content-Range", "bytes " + first + "-" + last + "/" + total)
        .body(new byte[10])
        .put(local(uploadUrl));
  }

  /** The upload URL names the configured public URL; tests reach the simulator on its random test port. */
  public static String local(String uploadUrl) {
    var uri = URI.create(uploadUrl);
    return uri.getRawPath() + "?" + uri.getRawQuery();
  }
}
