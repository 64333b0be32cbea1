package io.herald.publisher.tiktok;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.PlatformOptions;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A download is bounded by its own deadline and byte cap, and a long one does not make liveness fail: the heartbeat
 * says the loops are alive, not that every job is short.
 */
@QuarkusTest
@TestProfile(MediaLimitsTest.Limits.class)
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class MediaLimitsTest {
  public static class Limits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "herald.publisher.media.max-bytes", "2000000",
          "herald.publisher.media.download-deadline", "6s",
          "herald.publisher.liveness.stuck-after", "2s");
    }
  }

  static final PlatformOptions PUBLIC = new PlatformOptions("PUBLIC_TO_EVERYONE", false, true, true,
      PlatformOptions.Mode.DIRECT_POST, null, null, null, null, null);

  @Inject
  Worker worker;

  Account account;

  @BeforeEach
  void setUp() {
    account = Account.tiktok();
    Worker.credentialsFor(account);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v2/post/publish/creator_info/query/"))
        .withHeader("Authorization", equalTo("Bearer " + account.token())).willReturn(envelope(
            "{\"creator_username\":\"m\",\"privacy_level_options\":[\"PUBLIC_TO_EVERYONE\"]}")));
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder envelope(String data) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"data\":" + data + ",\"error\":{\"code\":\"ok\",\"message\":\"\"}}");
  }

  JobMessage videoServedAs(String name, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
    String path = "/media/" + name + "-" + account.id() + ".mp4";
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(path)).willReturn(answer));
    return Jobs.job(account, Jobs.media(name, PUBLIC, Jobs.video(PlatformFakes.wireMock().baseUrl() + path)));
  }

  @Test
  void aSlowDownloadWithinItsDeadlineKeepsLivenessUpAndPublishes() {
    String upload = "/upload/" + account.id();
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v2/post/publish/video/init/"))
        .withHeader("Authorization", equalTo("Bearer " + account.token())).willReturn(envelope(
            "{\"publish_id\":\"v_slow." + account.id() + "\",\"upload_url\":\"" + PlatformFakes.wireMock().baseUrl()
                + upload + "\"}")));
    PlatformFakes.wireMock().stubFor(put(urlPathEqualTo(upload)).willReturn(aResponse().withStatus(201)));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v2/post/publish/status/fetch/"))
        .withHeader("Authorization", equalTo("Bearer " + account.token())).willReturn(envelope(
            "{\"status\":\"PUBLISH_COMPLETE\",\"publicaly_available_post_id\":[]}")));
    JobMessage job = videoServedAs("slow", aResponse().withStatus(200).withHeader("Content-Type", "video/mp4")
        .withBody(new byte[40_000]).withChunkedDribbleDelay(20, 4_000));

    worker.enqueue(job);

    // While the download runs (4 s, twice the liveness bound), liveness stays UP.
    await().pollDelay(Duration.ofMillis(2_400)).atMost(Duration.ofSeconds(6)).untilAsserted(() ->
        given().when().get("/q/health/live").then().statusCode(200));
    worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
  }

  @Test
  void aDownloadThatOutlivesItsDeadlineIsCutOffAndRetried() {
    JobMessage job = videoServedAs("stalled", aResponse().withStatus(200).withHeader("Content-Type", "video/mp4")
        .withBody(new byte[40_000]).withChunkedDribbleDelay(40, 20_000));

    worker.enqueue(job);

    var retry = worker.awaitOutcome(job.targetId(), ResultOutcome.RETRY_SCHEDULED, Duration.ofSeconds(15));
    assertThat(retry.errorCode()).isEqualTo("media_timeout");
  }

  @Test
  void aFileLargerThanTheCapFailsForGood() {
    JobMessage job = videoServedAs("large", aResponse().withStatus(200).withHeader("Content-Type", "video/mp4")
        .withBody(new byte[3_000_000]));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.FAILED).errorCode()).isEqualTo("media_too_large");
  }
}
