package io.herald.simulator.media;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.herald.simulator.SimFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MediaAndObservabilityTest {

  @Test
  void videosAreServedWithTheAskedSizeAndDeterministicBytes() throws Exception {
    byte[] first = given().queryParam("bytes", 3_000_000).get("/media/demo.mp4")
        .then().statusCode(200).contentType("video/mp4").header("Content-Length", "3000000")
        .extract().asByteArray();
    byte[] second = given().queryParam("bytes", 3_000_000).get("/media/demo.mp4").then().extract().asByteArray();

    assertThat(first).hasSize(3_000_000);
    assertThat(new String(first, 4, 4, "ISO-8859-1")).isEqualTo("ftyp");
    assertThat(sha256(second)).isEqualTo(sha256(first));
  }

  @Test
  void imagesHaveTheirContentTypeAndMagicBytes() {
    byte[] jpeg = given().get("/media/demo.jpg").then().statusCode(200).contentType("image/jpeg")
        .extract().asByteArray();

    assertThat(jpeg).hasSize(102_400);
    assertThat(jpeg[0]).isEqualTo((byte) 0xFF);
    assertThat(jpeg[1]).isEqualTo((byte) 0xD8);
  }

  @Test
  void zeroBytesIsAnEmptyBodyForPoisonJobs() {
    byte[] empty = given().queryParam("bytes", 0).get("/media/poison.mp4")
        .then().statusCode(200).contentType("video/mp4").header("Content-Length", "0")
        .extract().asByteArray();

    assertThat(empty).isEmpty();
  }

  @Test
  void anImpossibleSizeIsAnError() {
    given().queryParam("bytes", -5).get("/media/demo.mp4")
        .then().statusCode(422).contentType(ContentType.JSON).body("field", equalTo("bytes"));
  }

  @Test
  void callsAreCountedPerEndpointAndOutcome() {
    var page = SimFixtures.page();
    given().contentType(ContentType.JSON).header("Authorization", "Bearer " + page.get("pageToken"))
        .body(Map.of("message", "counted")).post("/v21.0/" + page.get("pageId") + "/feed")
        .then().statusCode(200);
    given().contentType(ContentType.JSON).body(Map.of("message", "no token"))
        .post("/v21.0/" + page.get("pageId") + "/feed").then().statusCode(400);

    given().get("/q/metrics").then().statusCode(200)
        .body(containsString("herald_simulator_requests_total{endpoint=\"facebook.feed\",outcome=\"success\"}"))
        .body(containsString("herald_simulator_requests_total{endpoint=\"facebook.feed\",outcome=\"error\"}"));
  }

  @Test
  void theOriginAnswersAProbe() {
    given().get("/").then().statusCode(200).body("service", equalTo("platform-simulator"));
  }

  @Test
  void healthIsUp() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
