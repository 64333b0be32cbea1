package io.herald.simulator.tiktok;

import static io.herald.simulator.tiktok.TikTokCalls.init;
import static io.herald.simulator.tiktok.TikTokCalls.initResponse;
import static io.herald.simulator.tiktok.TikTokCalls.local;
import static io.herald.simulator.tiktok.TikTokCalls.put;
import static io.herald.simulator.tiktok.TikTokCalls.rejected;
import static io.herald.simulator.tiktok.TikTokCalls.status;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.herald.simulator.SimFixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TikTokUploadTest {
  static final int SIZE = 12_000_000;
  static final int CHUNK = 5_242_880;

  @Test
  void chunksInOrderAnswer206Then201AndThePublishCompletes() {
    var creator = SimFixtures.creator();
    var init = init(creator, SIZE, CHUNK, 2);
    String uploadUrl = init.getString("data.upload_url");
    String publishId = init.getString("data.publish_id");
    assertThat(publishId).startsWith("v_pub_file~v2-1.");
    assertThat(uploadUrl).startsWith("http://localhost:8090/upload/video/?upload_id=").contains("&upload_token=");

    status(creator, publishId).then()
        .body("data.status", equalTo("PROCESSING_UPLOAD")).body("data.uploaded_bytes", equalTo(0));

    put(uploadUrl, 0, CHUNK - 1, SIZE)
        .then().statusCode(206).header("Content-Range", "bytes 0-" + (CHUNK - 1) + "/" + SIZE);
    status(creator, publishId).then()
        .body("data.status", equalTo("PROCESSING_UPLOAD")).body("data.uploaded_bytes", equalTo(CHUNK));

    put(uploadUrl, CHUNK, SIZE - 1, SIZE)
        .then().statusCode(201).header("Content-Range", "bytes 0-" + (SIZE - 1) + "/" + SIZE);

    status(creator, publishId).then().body("data.status", equalTo("PROCESSING_UPLOAD"));
    status(creator, publishId).then().body("data.status", equalTo("PUBLISH_COMPLETE"));
  }

  @Test
  void aChunkOutOfOrderIs416WithTheProgressAndTheUploadCanResume() {
    var creator = SimFixtures.creator();
    String uploadUrl = init(creator, SIZE, CHUNK, 2).getString("data.upload_url");

    rejected(uploadUrl, CHUNK, SIZE - 1, SIZE).then().statusCode(416).header("Content-Range", "bytes */" + SIZE);
    put(uploadUrl, 0, CHUNK - 1, SIZE).then().statusCode(206);
    rejected(uploadUrl, 0, CHUNK - 1, SIZE).then().statusCode(416)
        .header("Content-Range", "bytes 0-" + (CHUNK - 1) + "/" + SIZE);
    put(uploadUrl, CHUNK, SIZE - 1, SIZE).then().statusCode(201);
    rejected(uploadUrl, CHUNK, SIZE - 1, SIZE).then().statusCode(416);
  }

  @Test
  void badHeadersAndSizesAre400AndUnknownUploadsAre404() {
    var creator = SimFixtures.creator();
    String uploadUrl = init(creator, SIZE, CHUNK, 2).getString("data.upload_url");

    given().contentType("image/png").header("Content-Range", "bytes 0-" + (CHUNK - 1) + "/" + SIZE)
        .body(new byte[10]).put(local(uploadUrl)).then().statusCode(400);
    given().contentType("video/mp4").body(new byte[10]).put(local(uploadUrl)).then().statusCode(400);
    // a first chunk that is not chunk_size long
    rejected(uploadUrl, 0, CHUNK - 2, SIZE).then().statusCode(400);
    // a total that is not the announced video_size
    rejected(uploadUrl, 0, CHUNK - 1, SIZE + 1).then().statusCode(400);
    // a body shorter than the announced range
    given().contentType("video/mp4").header("Content-Range", "bytes 0-" + (CHUNK - 1) + "/" + SIZE)
        .body(new byte[100]).put(local(uploadUrl)).then().statusCode(400);

    rejected(uploadUrl.replace("upload_token=", "upload_token=x"), 0, CHUNK - 1, SIZE).then().statusCode(404);
    // nothing was counted by the rejected attempts
    put(uploadUrl, 0, CHUNK - 1, SIZE).then().statusCode(206);
  }

  @Test
  void smallVideosGoWholeInOnePut() {
    var creator = SimFixtures.creator();
    String uploadUrl = init(creator, 1000, 1000, 1).getString("data.upload_url");

    put(uploadUrl, 0, 999, 1000).then().statusCode(201).header("Content-Range", "bytes 0-999/1000");
  }

  @Test
  void initRejectsChunkLayoutsAgainstTheRules() {
    var creator = SimFixtures.creator();

    initResponse(creator, SIZE, CHUNK, 3).then().statusCode(400).body("error.code", equalTo("invalid_param"));
    initResponse(creator, SIZE, 1_000_000, 12).then().statusCode(400).body("error.code", equalTo("invalid_param"));
    initResponse(creator, 1000, 500, 2).then().statusCode(400).body("error.code", equalTo("invalid_param"));
    initResponse(creator, 0, 0, 0).then().statusCode(400).body("error.code", equalTo("invalid_param"));
  }
}
