package io.herald.publisher.tiktok;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.herald.common.stream.ContractFixtures;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Media;
import io.herald.common.stream.PlatformOptions;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.DelayedJobs;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TikTok flows, pre-flight, polling through delayed jobs, token refresh and TikTok's error classes. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class TikTokPublishTest {
  static final String API = "/v2/post/publish";
  static final PlatformOptions PUBLIC = new PlatformOptions("PUBLIC_TO_EVERYONE", false, true, true,
      PlatformOptions.Mode.DIRECT_POST, null, null, null, null, null);
  static final PlatformOptions INBOX = new PlatformOptions(null, null, null, null, PlatformOptions.Mode.INBOX,
      null, null, null, null, null);

  @Inject
  Worker worker;

  @Inject
  DelayedJobs delayed;

  @Inject
  CircuitBreakerMaintenance breakers;

  Account account;

  @BeforeEach
  void setUp() {
    breakers.resetAll();
    account = Account.tiktok();
    Worker.credentialsFor(account);
  }

  /** A publish_id of this test's own (the ledger keeps them across runs, and one belongs to one target). */
  String pid(String base) {
    return base + "." + account.id();
  }

  MappingBuilder call(String path) {
    return post(urlPathEqualTo(API + path)).withHeader("Authorization", equalTo("Bearer " + account.token()));
  }

  com.github.tomakehurst.wiremock.matching.RequestPatternBuilder called(String path) {
    return postRequestedFor(urlPathEqualTo(API + path))
        .withHeader("Authorization", equalTo("Bearer " + account.token()));
  }

  static ResponseDefinitionBuilder ok(String data) {
    return envelope(200, data, "ok", "");
  }

  static ResponseDefinitionBuilder envelope(int status, String data, String code, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(
        "{\"data\":" + data + ",\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message
            + "\",\"log_id\":\"202210112248442CB9319E1FB30C1073F3\"}}");
  }

  void creatorInfo() {
    PlatformFakes.wireMock().stubFor(call("/creator_info/query/").willReturn(ok(
        "{\"creator_avatar_url\":\"https://p16.example/a.jpg\",\"creator_username\":\"herald\","
            + "\"creator_nickname\":\"Herald\","
            + "\"privacy_level_options\":[\"PUBLIC_TO_EVERYONE\",\"MUTUAL_FOLLOW_FRIENDS\",\"SELF_ONLY\"],"
            + "\"comment_disabled\":false,\"duet_disabled\":false,\"stitch_disabled\":true,"
            + "\"max_video_post_duration_sec\":300}")));
  }

  /** Status answers in order; the last one repeats. */
  void statuses(String... data) {
    String scenario = "status-" + account.id();
    for (int i = 0; i < data.length; i++) {
      var stub = call("/status/fetch/").inScenario(scenario)
          .whenScenarioStateIs(i == 0 ? STARTED : "s" + i).willReturn(ok(data[i]));
      if (i + 1 < data.length) {
        stub = stub.willSetStateTo("s" + (i + 1));
      }
      PlatformFakes.wireMock().stubFor(stub);
    }
  }

  @Test
  void aVideoFromAVerifiedDomainIsPulledPolledAndPublished() {
    long postId = 7_000_000_000_000_000_000L + Math.abs(account.id().getMostSignificantBits() % 1_000_000_000_000L);
    creatorInfo();
    PlatformFakes.wireMock().stubFor(call("/video/init/")
        .willReturn(ok("{\"publish_id\":\"" + pid("v_pub_url~v2.1") + "\"}")));
    statuses("{\"status\":\"PROCESSING_DOWNLOAD\",\"downloaded_bytes\":100}",
        "{\"status\":\"PUBLISH_COMPLETE\",\"publicaly_available_post_id\":[" + postId + "]}");
    JobMessage job = Jobs.job(account, Jobs.media("Launch day! #herald", PUBLIC,
        Jobs.video("https://verified.example.com/launch.mp4")));

    worker.enqueue(job);

    ResultMessage published = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(published.externalId()).isEqualTo(Long.toString(postId));
    assertThat(published.externalUrl()).isEqualTo("https://www.tiktok.com/@herald/video/" + postId);
    assertThat(worker.results(job.targetId())).extracting(ResultMessage::outcome)
        .containsExactly(ResultOutcome.PROCESSING, ResultOutcome.PUBLISHED);
    assertThat(worker.results(job.targetId()).get(0).externalId()).isEqualTo(pid("v_pub_url~v2.1"));
    PlatformFakes.wireMock().verify(1, called("/video/init/").withRequestBody(equalToJson("""
        {"post_info":{"title":"Launch day! #herald","privacy_level":"PUBLIC_TO_EVERYONE","disable_duet":true,
          "disable_comment":false,"disable_stitch":true,"brand_content_toggle":false,"brand_organic_toggle":false,
          "is_aigc":false},
         "source_info":{"source":"PULL_FROM_URL","video_url":"https://verified.example.com/launch.mp4"}}""")));
    PlatformFakes.wireMock().verify(1, called("/creator_info/query/"));
    PlatformFakes.wireMock().verify(2, called("/status/fetch/")
        .withRequestBody(equalToJson("{\"publish_id\":\"" + pid("v_pub_url~v2.1") + "\"}")));
  }

  @Test
  void aVideoFromAnUnverifiedDomainIsDownloadedAndUploadedInChunks() {
    int size = 11_000_000;
    String mediaPath = "/media/" + account.id() + ".mp4";
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(mediaPath)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "video/mp4").withBody(new byte[size])));
    String uploadPath = "/upload/" + account.id();
    String uploadUrl = PlatformFakes.wireMock().baseUrl() + uploadPath + "?upload_id=u1&upload_token=t1";
    creatorInfo();
    PlatformFakes.wireMock().stubFor(call("/video/init/").willReturn(ok(
        "{\"publish_id\":\"" + pid("v_pub_file~v2-1.123") + "\",\"upload_url\":\"" + uploadUrl + "\"}")));
    PlatformFakes.wireMock().stubFor(put(urlPathEqualTo(uploadPath))
        .withHeader("Content-Range", equalTo("bytes 0-5242879/11000000"))
        .willReturn(aResponse().withStatus(206).withHeader("Content-Range", "bytes 0-5242879/11000000")));
    PlatformFakes.wireMock().stubFor(put(urlPathEqualTo(uploadPath))
        .withHeader("Content-Range", equalTo("bytes 5242880-10999999/11000000"))
        .willReturn(aResponse().withStatus(201)));
    statuses("{\"status\":\"PUBLISH_COMPLETE\",\"publicaly_available_post_id\":[]}");
    JobMessage job = Jobs.job(account, Jobs.media("Uploaded", PUBLIC,
        Jobs.video(PlatformFakes.wireMock().baseUrl() + mediaPath)));

    worker.enqueue(job);

    ResultMessage published = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(published.externalId()).isEqualTo(pid("v_pub_file~v2-1.123"));
    PlatformFakes.wireMock().verify(1, called("/video/init/").withRequestBody(equalToJson(
        "{\"source_info\":{\"source\":\"FILE_UPLOAD\",\"video_size\":11000000,\"chunk_size\":5242880,"
            + "\"total_chunk_count\":2}}", true, true)));
    PlatformFakes.wireMock().verify(2, putRequestedFor(urlPathEqualTo(uploadPath))
        .withQueryParam("upload_token", equalTo("t1")).withHeader("Content-Type", equalTo("video/mp4")));
  }

  @Test
  void mediaAtAnAddressInsideHeraldsNetworkIsNeverFetchedNorSent() {
    String redirectPath = "/media/" + account.id() + "-redirect.mp4";
    // A public-looking media URL that redirects to the cloud metadata address.
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(redirectPath)).willReturn(aResponse().withStatus(302)
        .withHeader("Location", "https://169.254.169.254/latest/meta-data/iam")));
    creatorInfo();
    JobMessage direct = Jobs.job(account, Jobs.media("Metadata", PUBLIC, Jobs.video("https://10.0.0.9/v.mp4")));
    JobMessage redirected = Jobs.job(account, Jobs.media("Redirected", PUBLIC,
        Jobs.video(PlatformFakes.wireMock().baseUrl() + redirectPath)));

    worker.enqueue(direct);
    worker.enqueue(redirected);

    for (JobMessage job : List.of(direct, redirected)) {
      ResultMessage failed = worker.awaitOutcome(job.targetId(), ResultOutcome.FAILED);
      assertThat(failed.errorCode()).isEqualTo("media_url_refused");
      assertThat(failed.errorMessage()).doesNotContain("169.254").doesNotContain("10.0.0.9");
    }
    PlatformFakes.wireMock().verify(0, called("/video/init/"));
  }

  @Test
  void anUploadTikTokSaysItDidNotFullyReceiveResumesAtTheChunkAfterWhatItHolds() {
    int size = 16_000_000;
    String mediaPath = "/media/" + account.id() + "-resume.mp4";
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(mediaPath)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "video/mp4").withBody(new byte[size])));
    String uploadPath = "/upload/" + account.id() + "-resume";
    String uploadUrl = PlatformFakes.wireMock().baseUrl() + uploadPath + "?upload_id=u2&upload_token=t2";
    creatorInfo();
    PlatformFakes.wireMock().stubFor(call("/video/init/").willReturn(ok(
        "{\"publish_id\":\"" + pid("v_pub_file~v2-1.416") + "\",\"upload_url\":\"" + uploadUrl + "\"}")));
    String chunk1 = "bytes 0-5242879/16000000";
    String chunk2 = "bytes 5242880-10485759/16000000";
    String chunk3 = "bytes 10485760-15999999/16000000";
    PlatformFakes.wireMock().stubFor(put(urlPathEqualTo(uploadPath)).withHeader("Content-Range", equalTo(chunk1))
        .willReturn(aResponse().withStatus(206).withHeader("Content-Range", chunk1)));
    // TikTok acknowledges chunk 2 but loses it: chunk 3 then does not match its progress (416, holds chunk 1 only).
    PlatformFakes.wireMock().stubFor(put(urlPathEqualTo(uploadPath)).withHeader("Content-Range", equalTo(chunk2))
        .inScenario("resume").whenScenarioStateIs(STARTED).willSetStateTo("chunk 2 lost")
        .willReturn(aResponse().withStatus(206).withHeader("Content-Range", "bytes 0-10485759/16000000")));
    PlatformFakes.wireMock().stubFor(put(urlPathEqualTo(uploadPath)).withHeader("Content-Range", equalTo(chunk3))
        .inScenario("resume").whenScenarioStateIs("chunk 2 lost").willSetStateTo("resumed")
        .willReturn(aResponse().withStatus(416).withHeader("Content-Range", chunk1)));
    PlatformFakes.wireMock().stubFor(put(urlPathEqualTo(uploadPath)).withHeader("Content-Range", equalTo(chunk2))
        .inScenario("resume").whenScenarioStateIs("resumed")
        .willReturn(aResponse().withStatus(206).withHeader("Content-Range", "bytes 0-10485759/16000000")));
    PlatformFakes.wireMock().stubFor(put(urlPathEqualTo(uploadPath)).withHeader("Content-Range", equalTo(chunk3))
        .inScenario("resume").whenScenarioStateIs("resumed").willReturn(aResponse().withStatus(201)));
    statuses("{\"status\":\"PUBLISH_COMPLETE\",\"publicaly_available_post_id\":[]}");
    JobMessage job = Jobs.job(account, Jobs.media("Resumed", PUBLIC,
        Jobs.video(PlatformFakes.wireMock().baseUrl() + mediaPath)));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId())
        .isEqualTo(pid("v_pub_file~v2-1.416"));
    PlatformFakes.wireMock().verify(1, called("/video/init/"));
    PlatformFakes.wireMock().verify(1, putRequestedFor(urlPathEqualTo(uploadPath))
        .withHeader("Content-Range", equalTo(chunk1)));
    PlatformFakes.wireMock().verify(2, putRequestedFor(urlPathEqualTo(uploadPath))
        .withHeader("Content-Range", equalTo(chunk2)));
    PlatformFakes.wireMock().verify(2, putRequestedFor(urlPathEqualTo(uploadPath))
        .withHeader("Content-Range", equalTo(chunk3)));
  }

  @Test
  void photosArePostedByContentInit() {
    creatorInfo();
    PlatformFakes.wireMock().stubFor(call("/content/init/")
        .willReturn(ok("{\"publish_id\":\"" + pid("p_pub_url~v2.123") + "\"}")));
    long postId = 42_000_000_000L + Math.abs(account.id().getMostSignificantBits() % 1_000_000_000L);
    statuses("{\"status\":\"PUBLISH_COMPLETE\",\"publicaly_available_post_id\":[" + postId + "]}");
    var options = new PlatformOptions("SELF_ONLY", true, null, null, null, "Holiday", true, null, null, null);
    JobMessage job = Jobs.job(account, Jobs.media("Two photos", options,
        Jobs.image("https://verified.example.com/1.webp"), Jobs.image("https://verified.example.com/2.jpg")));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId())
        .isEqualTo(Long.toString(postId));
    PlatformFakes.wireMock().verify(1, called("/content/init/").withRequestBody(equalToJson("""
        {"media_type":"PHOTO","post_mode":"DIRECT_POST",
         "post_info":{"title":"Holiday","description":"Two photos","privacy_level":"SELF_ONLY","disable_comment":true,
           "auto_add_music":true},
         "source_info":{"source":"PULL_FROM_URL","photo_cover_index":0,
           "photo_images":["https://verified.example.com/1.webp","https://verified.example.com/2.jpg"]}}""")));
  }

  static String publishId(String id) {
    return "{\"publish_id\":\"" + id + "\"}";
  }

  /** TikTok options with the covers and the interactions given, the rest absent. */
  static PlatformOptions tiktok(String privacy, Boolean disableComment, Boolean disableDuet, Boolean disableStitch,
      Long videoCover, Integer photoCover) {
    return new PlatformOptions(privacy, disableComment, disableDuet, disableStitch, null, null, null, null, null, null,
        null, null, null, videoCover, photoCover, true);
  }

  @Test
  void theCoverTheUserChoseReachesTikTokInItsDocumentedField() {
    creatorInfo();
    PlatformFakes.wireMock().stubFor(call("/video/init/").willReturn(ok(publishId(pid("v_cover")))));
    PlatformFakes.wireMock().stubFor(call("/content/init/").willReturn(ok(publishId(pid("p_cover")))));
    statuses("{\"status\":\"PUBLISH_COMPLETE\",\"publicaly_available_post_id\":[]}");
    JobMessage video = Jobs.job(account, Jobs.media("Cover frame", tiktok("SELF_ONLY", true, true, true, 1500L, null),
        Jobs.video("https://verified.example.com/cover.mp4")));
    JobMessage photos = Jobs.job(account, Jobs.media("Cover photo", tiktok("SELF_ONLY", true, null, null, null, 2),
        Jobs.image("https://verified.example.com/1.jpg"), Jobs.image("https://verified.example.com/2.jpg"),
        Jobs.image("https://verified.example.com/3.jpg")));

    worker.enqueue(video);
    worker.enqueue(photos);

    worker.awaitOutcome(video.targetId(), ResultOutcome.PUBLISHED);
    worker.awaitOutcome(photos.targetId(), ResultOutcome.PUBLISHED);
    PlatformFakes.wireMock().verify(1, called("/video/init/").withRequestBody(equalToJson("""
        {"post_info":{"title":"Cover frame","privacy_level":"SELF_ONLY","disable_duet":true,"disable_comment":true,
          "disable_stitch":true,"video_cover_timestamp_ms":1500,"brand_content_toggle":false,
          "brand_organic_toggle":false,"is_aigc":false},
         "source_info":{"source":"PULL_FROM_URL","video_url":"https://verified.example.com/cover.mp4"}}""")));
    PlatformFakes.wireMock().verify(1, called("/content/init/").withRequestBody(equalToJson("""
        {"source_info":{"source":"PULL_FROM_URL","photo_cover_index":2,"photo_images":[
          "https://verified.example.com/1.jpg","https://verified.example.com/2.jpg",
          "https://verified.example.com/3.jpg"]}}""", false, true)));
  }

  @Test
  void anInteractionTheCreatorHasSinceTurnedOffFailsTheTargetBeforeAnyInit() {
    PlatformFakes.wireMock().stubFor(call("/creator_info/query/").willReturn(ok(
        "{\"creator_username\":\"quiet\",\"privacy_level_options\":[\"PUBLIC_TO_EVERYONE\",\"SELF_ONLY\"],"
            + "\"comment_disabled\":true,\"duet_disabled\":true,\"stitch_disabled\":false}")));
    JobMessage video = Jobs.job(account, Jobs.media("Talk to me", tiktok("SELF_ONLY", false, false, false, null, null),
        Jobs.video("https://verified.example.com/talk.mp4")));
    JobMessage photos = Jobs.job(account, Jobs.media("Comment!", tiktok("SELF_ONLY", false, null, null, null, null),
        Jobs.image("https://verified.example.com/c.jpg")));

    worker.enqueue(video);
    worker.enqueue(photos);

    ResultMessage failed = worker.awaitOutcome(video.targetId(), ResultOutcome.FAILED);
    assertThat(failed.errorCode()).isEqualTo("tiktok:interaction_disabled");
    assertThat(failed.errorMessage()).contains("comments (disableComment), duets (disableDuet)")
        .doesNotContain("stitches");
    assertThat(worker.awaitOutcome(photos.targetId(), ResultOutcome.FAILED).errorMessage())
        .contains("comments (disableComment)");
    assertThat(worker.results(video.targetId())).hasSize(1);
    PlatformFakes.wireMock().verify(0, called("/video/init/"));
    PlatformFakes.wireMock().verify(0, called("/content/init/"));
  }

  @Test
  void anInteractionLeftUnsetFollowsTheCreatorsSetting() {
    PlatformFakes.wireMock().stubFor(call("/creator_info/query/").willReturn(ok(
        "{\"creator_username\":\"quiet\",\"privacy_level_options\":[\"SELF_ONLY\"],"
            + "\"comment_disabled\":true,\"duet_disabled\":false,\"stitch_disabled\":true}")));
    PlatformFakes.wireMock().stubFor(call("/video/init/").willReturn(ok(publishId(pid("v_unset")))));
    statuses("{\"status\":\"PUBLISH_COMPLETE\",\"publicaly_available_post_id\":[]}");
    JobMessage job = Jobs.job(account, Jobs.media("Defaults", tiktok("SELF_ONLY", null, null, true, null, null),
        Jobs.video("https://verified.example.com/defaults.mp4")));

    worker.enqueue(job);

    worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    PlatformFakes.wireMock().verify(1, called("/video/init/").withRequestBody(equalToJson("""
        {"post_info":{"disable_comment":true,"disable_duet":false,"disable_stitch":true}}""", false, true)));
  }

  @Test
  void anInboxDraftIsPublishedWhenItReachesTheCreatorsInbox() {
    creatorInfo();
    PlatformFakes.wireMock().stubFor(call("/inbox/video/init/")
        .willReturn(ok("{\"publish_id\":\"" + pid("v_inbox~1") + "\"}")));
    statuses("{\"status\":\"PROCESSING_DOWNLOAD\"}", "{\"status\":\"SEND_TO_USER_INBOX\"}");
    JobMessage job = Jobs.job(account, Jobs.media("Draft", INBOX, Jobs.video("https://verified.example.com/d.mp4")));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId()).isEqualTo(pid("v_inbox~1"));
    PlatformFakes.wireMock().verify(1, called("/inbox/video/init/").withRequestBody(equalToJson(
        "{\"source_info\":{\"source\":\"PULL_FROM_URL\",\"video_url\":\"https://verified.example.com/d.mp4\"}}")));
  }

  @Test
  void theContractsTikTokJobFixtureIsConsumed() {
    var fields = ContractFixtures.load("job-tiktok-video.json");
    JobMessage fixture = JobMessage.fromFields(fields);
    account = new Account(fixture.socialAccountId(), fixture.tenantId(), fixture.platform(), "open-fixture",
        "act.fixture");
    Worker.credentialsFor(account);
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo("/launch.mp4")).willReturn(aResponse().withStatus(404)));
    creatorInfo();
    // cdn.example.com is not a verified prefix: the worker downloads it first, which fails here for good.
    worker.enqueueFields("herald:{jobs}:normal", fields);

    ResultMessage result = await().atMost(Duration.ofSeconds(20)).until(
        () -> worker.results(fixture.targetId()).stream().filter(r -> r.outcome().isTerminal()).findFirst()
            .orElse(null),
        r -> r != null);
    assertThat(result.attempt()).isEqualTo(2);
  }

  @Test
  void aVideoLongerThanTheCreatorMayPostFailsBeforeAnyInit() {
    PlatformFakes.wireMock().stubFor(call("/creator_info/query/").willReturn(ok(
        "{\"creator_username\":\"short\",\"privacy_level_options\":[\"PUBLIC_TO_EVERYONE\",\"SELF_ONLY\"],"
            + "\"max_video_post_duration_sec\":60}")));
    JobMessage job = Jobs.job(account, Jobs.media("Too long", PUBLIC,
        new Media(Media.Type.VIDEO, "https://verified.example.com/long.mp4", 61)));

    worker.enqueue(job);

    ResultMessage failed = worker.awaitOutcome(job.targetId(), ResultOutcome.FAILED);
    assertThat(failed.errorCode()).isEqualTo("tiktok:duration_check_failed");
    assertThat(failed.errorMessage()).contains("at most 60 s");
    PlatformFakes.wireMock().verify(0, called("/video/init/"));
  }

  @Test
  void aPrivacyLevelTheCreatorDoesNotOfferFailsBeforeAnyInit() {
    PlatformFakes.wireMock().stubFor(call("/creator_info/query/").willReturn(ok(
        "{\"creator_username\":\"private\",\"privacy_level_options\":[\"FOLLOWER_OF_CREATOR\",\"SELF_ONLY\"]}")));
    JobMessage job = Jobs.job(account, Jobs.media("Public?", PUBLIC, Jobs.video("https://verified.example.com/v.mp4")));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.FAILED).errorCode())
        .isEqualTo("tiktok:privacy_level_option_mismatch");
    PlatformFakes.wireMock().verify(0, called("/video/init/"));
  }

  @Test
  void aPostingCapReportedByCreatorInfoWithHttp200FailsWithoutRetry() {
    PlatformFakes.wireMock().stubFor(call("/creator_info/query/").willReturn(envelope(200, "{}",
        "spam_risk_too_many_posts", "The user has reached the daily post cap")));
    JobMessage job = Jobs.job(account, Jobs.media("Capped", PUBLIC, Jobs.video("https://verified.example.com/v.mp4")));

    worker.enqueue(job);

    ResultMessage failed = worker.awaitOutcome(job.targetId(), ResultOutcome.FAILED);
    assertThat(failed.errorCode()).isEqualTo("tiktok:spam_risk_too_many_posts");
    assertThat(worker.results(job.targetId())).hasSize(1);
    PlatformFakes.wireMock().verify(0, called("/video/init/"));
  }

  @Test
  void aFailedStatusFailsTheTargetWithTikToksReason() {
    creatorInfo();
    PlatformFakes.wireMock().stubFor(call("/video/init/").willReturn(ok("{\"publish_id\":\"" + pid("v_fail") + "\"}")));
    statuses("{\"status\":\"FAILED\",\"fail_reason\":\"video_pull_failed\",\"publicaly_available_post_id\":[]}");
    JobMessage job = Jobs.job(account, Jobs.media("Broken", PUBLIC, Jobs.video("https://verified.example.com/x.mp4")));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.FAILED).errorCode())
        .isEqualTo("tiktok:video_pull_failed");
  }

  @Test
  void anExpiredTokenIsRefreshedOnceThroughAuthServiceAndTheCallReplayed() {
    String fresh = "act.fresh-" + account.id();
    creatorInfo();
    PlatformFakes.wireMock().stubFor(call("/video/init/").willReturn(envelope(401, "{}", "access_token_invalid",
        "The access token is invalid or not found in the request.")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(API + "/video/init/"))
        .withHeader("Authorization", equalTo("Bearer " + fresh))
        .willReturn(ok("{\"publish_id\":\"" + pid("v_after_refresh") + "\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(API + "/status/fetch/"))
        .withHeader("Authorization", equalTo("Bearer " + fresh))
        .willReturn(ok("{\"status\":\"PUBLISH_COMPLETE\",\"publicaly_available_post_id\":[]}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/internal/v1/social-accounts/" + account.id() + "/refresh"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(Worker.credentialsJson(account, fresh))));
    JobMessage job = Jobs.job(account, Jobs.media("Refresh me", PUBLIC,
        Jobs.video("https://verified.example.com/r.mp4")));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId())
        .isEqualTo(pid("v_after_refresh"));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(
        "/internal/v1/social-accounts/" + account.id() + "/refresh")));
    PlatformFakes.wireMock().verify(1, called("/video/init/"));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(API + "/video/init/"))
        .withHeader("Authorization", equalTo("Bearer " + fresh)));
  }

  @Test
  void aRefreshRefusedWithInvalidGrantEndsInNeedsReauth() {
    PlatformFakes.wireMock().stubFor(call("/creator_info/query/").willReturn(envelope(401, "{}",
        "access_token_invalid", "The access token is invalid or not found in the request.")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/internal/v1/social-accounts/" + account.id() + "/refresh"))
        .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/problem+json").withBody(
            "{\"type\":\"https://herald.dev/problems/needs-reauth\",\"title\":\"Conflict\",\"status\":409,"
                + "\"detail\":\"TikTok refused the refresh token (invalid_grant); reconnect the account\"}")));
    JobMessage job = Jobs.job(account, Jobs.media("Gone", PUBLIC, Jobs.video("https://verified.example.com/g.mp4")));

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.NEEDS_REAUTH);
    assertThat(result.errorMessage()).contains("invalid_grant");
    PlatformFakes.wireMock().verify(0, called("/video/init/"));
  }

  @Test
  void aPullWhoseInitAnswerIsLostIsReportedUnknownAfterTheWebhookGraceAndNeverSentAgain() {
    creatorInfo();
    PlatformFakes.wireMock().stubFor(call("/video/init/").willReturn(ok("{\"publish_id\":\"" + pid("v_lost") + "\"}")
        .withFixedDelay(2_500)));
    JobMessage job = Jobs.job(account, Jobs.media("Lost", PUBLIC, Jobs.video("https://verified.example.com/l.mp4")));

    worker.enqueue(job);

    ResultMessage unknown = worker.awaitOutcome(job.targetId(), ResultOutcome.UNKNOWN_OUTCOME);
    assertThat(unknown.errorCode()).isEqualTo("tiktok:init_unknown");
    assertThat(worker.results(job.targetId())).extracting(ResultMessage::outcome)
        .doesNotContain(ResultOutcome.FAILED, ResultOutcome.PUBLISHED);
    worker.enqueue(job.redelivered(java.time.Instant.now()));
    await().atMost(Duration.ofSeconds(10)).until(() -> worker.results(job.targetId()).stream()
        .filter(r -> r.outcome() == ResultOutcome.UNKNOWN_OUTCOME).count() == 2);
    PlatformFakes.wireMock().verify(1, called("/video/init/"));
  }

  @Test
  void aRateLimitedInitIsRetriedLater() {
    creatorInfo();
    PlatformFakes.wireMock().stubFor(call("/video/init/").inScenario("429-" + account.id()).whenScenarioStateIs(STARTED)
        .willReturn(envelope(429, "{}", "rate_limit_exceeded", "API rate limit was exceeded")).willSetStateTo("ok"));
    PlatformFakes.wireMock().stubFor(call("/video/init/").inScenario("429-" + account.id()).whenScenarioStateIs("ok")
        .willReturn(ok("{\"publish_id\":\"" + pid("v_429") + "\"}")));
    statuses("{\"status\":\"PUBLISH_COMPLETE\",\"publicaly_available_post_id\":[]}");
    JobMessage job = Jobs.job(account, Jobs.media("Slow", PUBLIC, Jobs.video("https://verified.example.com/s.mp4")));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.RETRY_SCHEDULED).errorCode())
        .isEqualTo("tiktok:rate_limit_exceeded");
    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId()).isEqualTo(pid("v_429"));
  }

  @Test
  void noMoreThanSixInitsPerMinuteArePerformedForOneToken() {
    creatorInfo();
    PlatformFakes.wireMock().stubFor(call("/video/init/")
        .willReturn(ok("{\"publish_id\":\"v_many_{{randomValue length=15 type='NUMERIC'}}\"}")
        .withTransformers("response-template")));
    statuses("{\"status\":\"PUBLISH_COMPLETE\",\"publicaly_available_post_id\":[]}");
    List<JobMessage> jobs = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      JobMessage job = Jobs.job(account, Jobs.media("Post " + i, PUBLIC,
          Jobs.video("https://verified.example.com/" + i + ".mp4")));
      jobs.add(job);
      worker.enqueue(job);
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> jobs.stream()
        .filter(j -> worker.results(j.targetId()).stream().anyMatch(r -> r.outcome() == ResultOutcome.PROCESSING))
        .count() == 6);
    JobMessage waiting = jobs.stream()
        .filter(j -> worker.results(j.targetId()).isEmpty()).findFirst().orElseThrow();
    await().atMost(Duration.ofSeconds(5)).until(() -> delayed.dueAt(waiting.targetId()).isPresent());
    PlatformFakes.wireMock().verify(6, called("/video/init/"));
  }
}
