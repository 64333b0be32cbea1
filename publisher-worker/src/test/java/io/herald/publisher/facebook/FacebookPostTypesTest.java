package io.herald.publisher.facebook;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.herald.publisher.support.GraphStubs.json;
import static io.herald.publisher.support.GraphStubs.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.PlatformOptions;
import io.herald.common.stream.PlatformOptions.FacebookType;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.GraphStubs;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Facebook videos that process, Reels, Stories and the option combinations the worker refuses, against WireMock
 * speaking the Graph API's wire format (status shapes and error bodies).
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class FacebookPostTypesTest {
  @Inject
  Worker worker;

  @Inject
  CircuitBreakerMaintenance breakers;

  Account account;
  String videoId;

  @BeforeEach
  void setUp() {
    breakers.resetAll();
    account = Account.facebook();
    Worker.credentialsFor(account);
    videoId = "5" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L);
  }

  String graph(String path) {
    return "/v21.0/" + account.externalId() + path;
  }

  static PlatformOptions type(FacebookType type) {
    return options(type, null, null);
  }

  static PlatformOptions options(FacebookType type, String title, String thumbnailUrl) {
    return new PlatformOptions(null, null, null, null, null, title, null, null, null, null, type, thumbnailUrl, null,
        null, null, null);
  }

  void feedVideoCreated() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/video-host" + graph("/videos")))
        .willReturn(json("{\"id\":\"" + videoId + "\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v21.0/" + videoId)).willReturn(json("{\"success\":true}")));
  }

  void reelSession(String edge) {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(graph("/" + edge)))
        .withRequestBody(matchingJsonPath("$.upload_phase", equalTo("start")))
        .willReturn(json("{\"video_id\":\"" + videoId + "\",\"upload_url\":\"https://rupload.facebook.com/video-upload/"
            + "v21.0/" + videoId + "\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/rupload/video-upload/v21.0/" + videoId))
        .willReturn(json("{\"success\":true}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(graph("/" + edge)))
        .withRequestBody(matchingJsonPath("$.upload_phase", equalTo("finish")))
        .willReturn(json(edge.equals("video_stories")
            ? "{\"success\":true,\"post_id\":\"" + account.externalId() + "_story9\"}" : "{\"success\":true}")));
  }

  @Test
  void aVideoThatFailsProcessingIsFailedWithFacebooksReason() {
    feedVideoCreated();
    GraphStubs.videoStatusSequence(videoId, status("processing", null),
        status("error", "error", "not_started", "The video file you selected is in a format that we don't support."));
    JobMessage job = Jobs.job(account, Jobs.media("Broken", null, Jobs.video("https://cdn.example.com/broken.mp4")));

    worker.enqueue(job);

    ResultMessage failed = worker.awaitOutcome(job.targetId(), ResultOutcome.FAILED);
    assertThat(failed.errorCode()).isEqualTo("facebook:processing_failed");
    assertThat(failed.errorMessage()).contains("format that we don't support").contains("1363008");
    assertThat(worker.results(job.targetId())).noneMatch(r -> r.outcome() == ResultOutcome.PUBLISHED);
  }

  @Test
  void aVideosTitleIsSentAndItsThumbnailIsDownloadedAndSentAsAFile() {
    String thumbPath = "/media/thumb-" + videoId + ".jpg";
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(thumbPath)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "image/jpeg").withBody(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3})));
    feedVideoCreated();
    GraphStubs.videoStatusSequence(videoId, status("ready", null));
    JobMessage job = Jobs.job(account, Jobs.media("Caption", options(FacebookType.FEED, "The title",
        PlatformFakes.wireMock().baseUrl() + thumbPath), Jobs.video("https://cdn.example.com/v.mp4")));

    worker.enqueue(job);

    worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    String videos = "/video-host" + graph("/videos");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(videos))
        .withAnyRequestBodyPart(aMultipart("title").withBody(equalTo("The title"))));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(videos))
        .withAnyRequestBodyPart(aMultipart("file_url").withBody(equalTo("https://cdn.example.com/v.mp4"))));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(videos))
        .withAnyRequestBodyPart(aMultipart("published").withBody(equalTo("false"))));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(videos))
        .withAnyRequestBodyPart(aMultipart("thumb")
            .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.containing("image/jpeg"))
            .withBody(com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo(
                new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}))));
  }

  @Test
  void aReelIsStartedUploadedByUrlFinishedAndReportedOncePublished() {
    reelSession("video_reels");
    GraphStubs.videoStatusSequence(videoId, status("processing", "in_progress"), status("ready", "complete"));
    JobMessage job = Jobs.job(account, Jobs.media("Reel caption", options(FacebookType.REEL, "Launch reel", null),
        Jobs.video("https://cdn.example.com/reel.mp4")));

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(result.externalId()).isEqualTo(videoId);
    assertThat(result.externalUrl()).isEqualTo("https://www.facebook.com/reel/" + videoId);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/video_reels")))
        .withHeader("Authorization", equalTo("Bearer " + account.token()))
        .withRequestBody(equalToJson("{\"upload_phase\":\"start\"}")));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/rupload/video-upload/v21.0/" + videoId))
        .withHeader("Authorization", equalTo("OAuth " + account.token()))
        .withHeader("file_url", equalTo("https://cdn.example.com/reel.mp4")));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/video_reels")))
        .withRequestBody(equalToJson("{\"upload_phase\":\"finish\",\"video_id\":\"" + videoId
            + "\",\"video_state\":\"PUBLISHED\",\"description\":\"Reel caption\",\"title\":\"Launch reel\"}")));
  }

  @Test
  void aReelWhoseUploadFailsOnceResumesAtTheUploadWithoutStartingAgain() {
    reelSession("video_reels");
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/rupload/video-upload/v21.0/" + videoId))
        .inScenario("upload-" + videoId).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
        .willSetStateTo("failed-once")
        .willReturn(GraphStubs.error(500, 2, null, "Service temporarily unavailable")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/rupload/video-upload/v21.0/" + videoId))
        .inScenario("upload-" + videoId).whenScenarioStateIs("failed-once")
        .willReturn(json("{\"success\":true}")));
    GraphStubs.videoStatusSequence(videoId, status("ready", "complete"));
    JobMessage job = Jobs.job(account, Jobs.media(null, type(FacebookType.REEL),
        Jobs.video("https://cdn.example.com/reel.mp4")));

    worker.enqueue(job);

    worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/video_reels")))
        .withRequestBody(matchingJsonPath("$.upload_phase", equalTo("start"))));
    PlatformFakes.wireMock().verify(2, postRequestedFor(urlPathEqualTo("/rupload/video-upload/v21.0/" + videoId)));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/video_reels")))
        .withRequestBody(matchingJsonPath("$.upload_phase", equalTo("finish"))));
  }

  @Test
  void aReelWhoseFinishAnswerIsLostIsReadBackAndNeverFinishedTwice() {
    reelSession("video_reels");
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(graph("/video_reels")))
        .withRequestBody(matchingJsonPath("$.upload_phase", equalTo("finish")))
        .willReturn(json("{\"success\":true}").withFixedDelay(2_000)));
    GraphStubs.videoStatusSequence(videoId, status("processing", "in_progress"), status("ready", "complete"));
    JobMessage job = Jobs.job(account, Jobs.media("Lost", type(FacebookType.REEL),
        Jobs.video("https://cdn.example.com/reel.mp4")));

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(result.externalId()).isEqualTo(videoId);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/video_reels")))
        .withRequestBody(matchingJsonPath("$.upload_phase", equalTo("finish"))));
  }

  @Test
  void aReelWhoseFinishAnswerIsLostBeforeItLandedIsFinishedAgainOnTheSameVideo() {
    reelSession("video_reels");
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(graph("/video_reels")))
        .withRequestBody(matchingJsonPath("$.upload_phase", equalTo("finish")))
        .inScenario("finish-" + videoId).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
        .willSetStateTo("lost").willReturn(aResponse().withStatus(502).withBody("Bad Gateway")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(graph("/video_reels")))
        .withRequestBody(matchingJsonPath("$.upload_phase", equalTo("finish")))
        .inScenario("finish-" + videoId).whenScenarioStateIs("lost").willReturn(json("{\"success\":true}")));
    // Read after the lost answer: uploaded and processed, never published; after the second finish: published.
    GraphStubs.videoStatusSequence(videoId, status("upload_complete", "complete", "not_started", null),
        status("ready", "complete"));
    JobMessage job = Jobs.job(account, Jobs.media("Twice?", type(FacebookType.REEL),
        Jobs.video("https://cdn.example.com/reel.mp4")));

    worker.enqueue(job);

    worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/video_reels")))
        .withRequestBody(matchingJsonPath("$.upload_phase", equalTo("start"))));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/rupload/video-upload/v21.0/" + videoId)));
    PlatformFakes.wireMock().verify(2, postRequestedFor(urlPathEqualTo(graph("/video_reels")))
        .withRequestBody(equalToJson("{\"upload_phase\":\"finish\",\"video_id\":\"" + videoId
            + "\",\"video_state\":\"PUBLISHED\",\"description\":\"Twice?\"}")));
  }

  @Test
  void aPhotoStoryPublishesAPhotoUploadedUnpublished() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(graph("/photos")))
        .willReturn(json("{\"id\":\"photo" + videoId + "\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(graph("/photo_stories")))
        .willReturn(json("{\"success\":true,\"post_id\":\"" + account.externalId() + "_st" + videoId + "\"}")));
    JobMessage job = Jobs.job(account, Jobs.media(null, type(FacebookType.STORY),
        Jobs.image("https://cdn.example.com/story.jpg")));

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(result.externalId()).isEqualTo(account.externalId() + "_st" + videoId);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/photos"))).withRequestBody(
        equalToJson("{\"url\":\"https://cdn.example.com/story.jpg\",\"published\":false}")));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/photo_stories")))
        .withRequestBody(equalToJson("{\"photo_id\":\"photo" + videoId + "\"}")));
  }

  @Test
  void aPhotoStoryWhoseAnswerIsLostIsAnUnknownOutcomeAndNeverSentAgain() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(graph("/photos")))
        .willReturn(json("{\"id\":\"photo" + videoId + "\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(graph("/photo_stories")))
        .willReturn(json("{\"success\":true,\"post_id\":\"x\"}").withFixedDelay(2_000)));
    JobMessage job = Jobs.job(account, Jobs.media(null, type(FacebookType.STORY),
        Jobs.image("https://cdn.example.com/story.jpg")));

    worker.enqueue(job);

    ResultMessage unknown = worker.awaitOutcome(job.targetId(), ResultOutcome.UNKNOWN_OUTCOME);
    assertThat(unknown.errorCode()).isEqualTo("facebook:story_unknown");
    // A plain retry learns the outcome is still unknown; the Story is not sent again.
    worker.enqueue(new JobMessage(UUID.randomUUID(), job.tenantId(), job.postId(), job.targetId(), 2,
        job.platform(), job.socialAccountId(), java.time.Instant.now(), job.traceparent(), job.payload(), false));
    org.awaitility.Awaitility.await().until(() -> worker.results(job.targetId()).stream()
        .filter(r -> r.attempt() == 2 && r.outcome() == ResultOutcome.UNKNOWN_OUTCOME).count() == 1);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/photo_stories"))));
  }

  @Test
  void aVideoStoryIsStartedUploadedFinishedAndReportedWithItsPostId() {
    reelSession("video_stories");
    GraphStubs.videoStatusSequence(videoId, status("processing", "in_progress"), status("ready", "complete"));
    JobMessage job = Jobs.job(account, Jobs.media(null, type(FacebookType.STORY),
        Jobs.video("https://cdn.example.com/story.mp4")));

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(result.externalId()).isEqualTo(account.externalId() + "_story9");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/video_stories")))
        .withRequestBody(equalToJson("{\"upload_phase\":\"finish\",\"video_id\":\"" + videoId + "\"}")));
  }

  @Test
  void combinationsFacebookCannotPublishAreRefusedForGoodWithoutACall() {
    JobMessage reelOfPhotos = Jobs.job(account, Jobs.media("x", type(FacebookType.REEL),
        Jobs.image("https://cdn.example.com/a.jpg")));
    JobMessage textStory = Jobs.job(account, new io.herald.common.stream.JobPayload("Only text", null,
        java.util.List.of(), type(FacebookType.STORY)));

    worker.enqueue(reelOfPhotos);
    worker.enqueue(textStory);

    ResultMessage reel = worker.awaitOutcome(reelOfPhotos.targetId(), ResultOutcome.FAILED);
    assertThat(reel.errorCode()).isEqualTo("facebook:unsupported_options");
    assertThat(reel.errorMessage()).contains("Reel takes exactly one video");
    ResultMessage story = worker.awaitOutcome(textStory.targetId(), ResultOutcome.FAILED);
    assertThat(story.errorMessage()).contains("Story takes exactly one photo or one video");
    PlatformFakes.wireMock().verify(0, postRequestedFor(urlPathEqualTo(graph("/video_reels"))));
    PlatformFakes.wireMock().verify(0, postRequestedFor(urlPathEqualTo(graph("/photos"))));
  }
}
