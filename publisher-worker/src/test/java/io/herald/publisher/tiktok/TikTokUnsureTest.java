package io.herald.publisher.tiktok;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.herald.common.crypto.Secrets;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.PlatformOptions;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.testing.ChunkedPost;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.ledger.Ledger;
import io.herald.publisher.ledger.LedgerState;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TikTok when Herald cannot see an answer: a lost init, a lost answer to the last upload chunk, and TikTok's signed
 * publish webhooks, which end polling early and are the only way to name the publish of a lost init.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class TikTokUnsureTest {
  static final String API = "/v2/post/publish";
  static final String SECRET = "tiktok-test-secret";
  static final PlatformOptions PUBLIC = new PlatformOptions("PUBLIC_TO_EVERYONE", false, true, true,
      PlatformOptions.Mode.DIRECT_POST, null, null, null, null, null);

  @Inject
  Worker worker;

  @Inject
  Ledger ledger;

  @Inject
  CircuitBreakerMaintenance breakers;

  @TestHTTPResource("/webhooks/tiktok")
  URI webhooks;

  Account account;

  @BeforeEach
  void setUp() {
    breakers.resetAll();
    account = Account.tiktok();
    Worker.credentialsFor(account);
    PlatformFakes.wireMock().stubFor(call("/creator_info/query/").willReturn(ok(
        "{\"creator_username\":\"herald\",\"privacy_level_options\":[\"PUBLIC_TO_EVERYONE\",\"SELF_ONLY\"],"
            + "\"max_video_post_duration_sec\":300}")));
  }

  String pid(String base) {
    return base + "." + account.id();
  }

  MappingBuilder call(String path) {
    return post(urlPathEqualTo(API + path)).withHeader("Authorization", equalTo("Bearer " + account.token()));
  }

  static ResponseDefinitionBuilder ok(String data) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
        "{\"data\":" + data + ",\"error\":{\"code\":\"ok\",\"message\":\"\",\"log_id\":\"2022101122484\"}}");
  }

  /** TikTok delivering one event to Herald's webhook endpoint, signed as TikTok signs it. */
  int deliver(String event, String publishId, String extra) {
    String content = "{\"publish_id\":\"" + publishId + "\",\"publish_type\":\"DIRECT_PUBLISH\"" + extra + "}";
    String body = "{\"client_key\":\"herald\",\"event\":\"" + event + "\",\"create_time\":"
        + Instant.now().getEpochSecond() + ",\"user_openid\":\"" + account.externalId() + "\",\"content\":"
        + "\"" + content.replace("\"", "\\\"") + "\"}";
    long t = Instant.now().getEpochSecond();
    return given().header("TikTok-Signature", "t=" + t + ",s=" + Secrets.hmacSha256Hex(SECRET, t + "." + body))
        .body(body).post("/webhooks/tiktok").statusCode();
  }

  JobMessage pull(String text) {
    return Jobs.job(account, Jobs.media(text, PUBLIC, Jobs.video("https://verified.example.com/" + text + ".mp4")));
  }

  @Test
  void aWebhookEndsStatusPollingEarly() {
    PlatformFakes.wireMock().stubFor(call("/video/init/").willReturn(ok("{\"publish_id\":\"" + pid("v_hook") + "\"}")));
    PlatformFakes.wireMock().stubFor(call("/status/fetch/").willReturn(ok("{\"status\":\"PROCESSING_DOWNLOAD\"}")));
    JobMessage job = pull("hooked");
    worker.enqueue(job);
    worker.awaitOutcome(job.targetId(), ResultOutcome.PROCESSING);

    assertThat(deliver("post.publish.complete", pid("v_hook"), "")).isEqualTo(200);

    ResultMessage published = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(published.externalId()).isEqualTo(pid("v_hook"));
    String postId = "73" + Math.abs(account.id().getMostSignificantBits() % 1_000_000_000_000L);
    assertThat(deliver("post.publish.publicly_available", pid("v_hook"), ",\"post_id\":\"" + postId + "\""))
        .isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> worker.results(job.targetId()).stream()
        .anyMatch(r -> postId.equals(r.externalId())
            && ("https://www.tiktok.com/@herald/video/" + postId).equals(r.externalUrl())));
  }

  @Test
  void aLostInitIsSettledByTheWebhookThatNamesItsPublishWithoutASecondInit() {
    PlatformFakes.wireMock().stubFor(call("/video/init/").willReturn(ok("{\"publish_id\":\"" + pid("v_found") + "\"}")
        .withFixedDelay(2_500)));
    JobMessage job = pull("found");
    worker.enqueue(job);
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.find(job.targetId())
        .map(e -> e.state() == LedgerState.SENDING).orElse(false));

    assertThat(deliver("post.publish.complete", pid("v_found"), "")).isEqualTo(200);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId()).isEqualTo(pid("v_found"));
    assertThat(worker.results(job.targetId())).extracting(ResultMessage::outcome)
        .doesNotContain(ResultOutcome.UNKNOWN_OUTCOME, ResultOutcome.FAILED);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(API + "/video/init/"))
        .withHeader("Authorization", equalTo("Bearer " + account.token())));
  }

  @Test
  void twoLostInitsOfOneCreatorAreNotGuessedBetweenByOneWebhook() {
    PlatformFakes.wireMock().stubFor(call("/video/init/").willReturn(ok("{\"publish_id\":\"" + pid("v_one") + "\"}")
        .withFixedDelay(2_500)));
    JobMessage first = pull("first");
    JobMessage second = pull("second");
    worker.enqueue(first);
    worker.enqueue(second);
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.find(first.targetId()).map(e -> e.state().unsure())
        .orElse(false) && ledger.find(second.targetId()).map(e -> e.state().unsure()).orElse(false));

    assertThat(deliver("post.publish.complete", pid("v_one"), "")).isEqualTo(200);

    assertThat(worker.awaitOutcome(first.targetId(), ResultOutcome.UNKNOWN_OUTCOME).errorCode())
        .isIn("tiktok:ambiguous", "tiktok:init_unknown");
    assertThat(worker.awaitOutcome(second.targetId(), ResultOutcome.UNKNOWN_OUTCOME).errorCode())
        .isIn("tiktok:ambiguous", "tiktok:init_unknown");
    PlatformFakes.wireMock().verify(2, postRequestedFor(urlPathEqualTo(API + "/video/init/"))
        .withHeader("Authorization", equalTo("Bearer " + account.token())));
  }

  @Test
  void aFileUploadWhoseInitAnswerIsLostIsSentAgainSinceNothingCanPublishWithoutItsBytes() {
    String media = "/media/" + account.id() + ".mp4";
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(media)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "video/mp4").withBody(new byte[1000])));
    String upload = "/upload/" + account.id();
    String scenario = "lost-init-" + account.id();
    PlatformFakes.wireMock().stubFor(call("/video/init/").inScenario(scenario).whenScenarioStateIs(STARTED)
        .willReturn(ok("{\"publish_id\":\"" + pid("v_orphan") + "\",\"upload_url\":\"x\"}").withFixedDelay(2_500))
        .willSetStateTo("second"));
    PlatformFakes.wireMock().stubFor(call("/video/init/").inScenario(scenario).whenScenarioStateIs("second")
        .willReturn(ok("{\"publish_id\":\"" + pid("v_again") + "\",\"upload_url\":\""
            + PlatformFakes.wireMock().baseUrl() + upload + "\"}")));
    PlatformFakes.wireMock().stubFor(put(urlPathEqualTo(upload)).willReturn(aResponse().withStatus(201)));
    PlatformFakes.wireMock().stubFor(call("/status/fetch/").willReturn(ok(
        "{\"status\":\"PUBLISH_COMPLETE\",\"publicaly_available_post_id\":[]}")));
    JobMessage job = Jobs.job(account, Jobs.media("Uploaded", PUBLIC,
        Jobs.video(PlatformFakes.wireMock().baseUrl() + media)));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId()).isEqualTo(pid("v_again"));
    PlatformFakes.wireMock().verify(2, postRequestedFor(urlPathEqualTo(API + "/video/init/"))
        .withHeader("Authorization", equalTo("Bearer " + account.token())));
  }

  @Test
  void aLostAnswerToTheLastChunkIsSettledByTikToksStatusNotByASecondInit() {
    String media = "/media/" + account.id() + ".mp4";
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(media)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "video/mp4").withBody(new byte[1000])));
    String upload = "/upload/" + account.id();
    PlatformFakes.wireMock().stubFor(call("/video/init/").willReturn(ok("{\"publish_id\":\"" + pid("v_chunk")
        + "\",\"upload_url\":\"" + PlatformFakes.wireMock().baseUrl() + upload + "\"}")));
    PlatformFakes.wireMock().stubFor(put(urlPathEqualTo(upload))
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    PlatformFakes.wireMock().stubFor(call("/status/fetch/").willReturn(ok(
        "{\"status\":\"PUBLISH_COMPLETE\",\"publicaly_available_post_id\":[]}")));
    JobMessage job = Jobs.job(account, Jobs.media("Chunk", PUBLIC,
        Jobs.video(PlatformFakes.wireMock().baseUrl() + media)));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId()).isEqualTo(pid("v_chunk"));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(API + "/video/init/"))
        .withHeader("Authorization", equalTo("Bearer " + account.token())));
  }

  @Test
  void signedWebhooksHeraldCannotStoreAreClearProblemsNotServerErrors() {
    // The first was a 500 (found by EndpointFuzzTest: Instant.ofEpochSecond overflowed); the others are the same
    // rule's edges: a time outside 1970 to 9999, a NUL PostgreSQL cannot store, an id longer than TikTok's.
    String content = "{\\\"publish_id\\\":\\\"%s\\\"}";
    for (String[] createTimeAndPublishId : new String[][] {
        {"-9223372036854775808", "p1"}, {"253402300800", "p2"}, {"-1", "p3"},
        {String.valueOf(Instant.now().getEpochSecond()), "p\\\\u0000nul"},
        {String.valueOf(Instant.now().getEpochSecond()), "p".repeat(256)}}) {
      String body = "{\"event\":\"post.publish.complete\",\"create_time\":" + createTimeAndPublishId[0]
          + ",\"user_openid\":\"" + account.externalId() + "\",\"content\":\""
          + content.formatted(createTimeAndPublishId[1]) + "\"}";
      long t = Instant.now().getEpochSecond();
      given().header("TikTok-Signature", "t=" + t + ",s=" + Secrets.hmacSha256Hex(SECRET, t + "." + body))
          .body(body).post("/webhooks/tiktok").then().statusCode(400).contentType("application/problem+json")
          .body("type", org.hamcrest.Matchers.endsWith("/malformed-webhook"));
    }
  }

  @Test
  void webhooksWithoutAValidFreshSignatureAreRefused() {
    String body = "{\"event\":\"post.publish.complete\",\"content\":\"{}\"}";
    given().header("TikTok-Signature", "t=" + Instant.now().getEpochSecond() + ",s=00ff").body(body)
        .post("/webhooks/tiktok").then().statusCode(401).contentType("application/problem+json");
    long old = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
    given().header("TikTok-Signature", "t=" + old + ",s=" + Secrets.hmacSha256Hex(SECRET, old + "." + body))
        .body(body).post("/webhooks/tiktok").then().statusCode(401);
    given().body(body).post("/webhooks/tiktok").then().statusCode(401);
  }

  @Test
  void aWebhookBodySentInChunksThatGrowsPastTheLimitIsAProblem() throws Exception {
    // Anyone may post here (the signature is checked once the body is read), so the limit must hold for chunks too.
    String body = "{\"event\":\"post.publish.complete\",\"content\":\"" + "x".repeat(300 * 1024) + "\"}";
    var answer = ChunkedPost.send(webhooks, "application/json", body, Map.of("TikTok-Signature", "t=1,s=00ff"));
    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(answer.body()).contains("/body-too-large").contains("larger than 262144 bytes");
  }
}
