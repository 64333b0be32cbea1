package io.herald.publisher.facebook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.common.stream.ContractFixtures;
import io.herald.common.stream.JobMessage;
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

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class FacebookPublishTest {
  @Inject
  Worker worker;

  @Inject
  CircuitBreakerMaintenance breakers;

  Account account;

  @BeforeEach
  void setUp() {
    breakers.resetAll();
    account = Account.facebook();
    Worker.credentialsFor(account);
  }

  String graph(String path) {
    return "/v21.0/" + account.externalId() + path;
  }

  /** The unpublished post Graph creates on {@code /feed}, and publishing it by id. */
  void feedPostCreatedAs(String postId) {
    feedPostCreatedAs(postId, null);
  }

  /** As above, for the post whose message contains {@code text} (each post gets an id of its own). */
  void feedPostCreatedAs(String postId, String text) {
    var create = post(urlPathEqualTo(graph("/feed")));
    if (text != null) {
      create = create.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(text));
    }
    PlatformFakes.wireMock().stubFor(create.willReturn(json(200, "{\"id\":\"" + postId + "\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v21.0/" + postId))
        .willReturn(json(200, "{\"success\":true}")));
  }

  @Test
  void textWithLinkIsCreatedUnpublishedThenPublishedByIdOnce() {
    String postId = account.externalId() + "_1001";
    feedPostCreatedAs(postId);
    JobMessage job = Jobs.job(account, Jobs.link("Launch day!", "https://example.com/launch"));

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(result.externalId()).isEqualTo(postId);
    assertThat(result.externalUrl()).isEqualTo("https://www.facebook.com/" + postId);
    assertThat(result.attempt()).isEqualTo(1);
    // The publish continues the job's trace in a span of its own: same trace id, the worker's span id.
    assertThat(result.traceparent()).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
        .doesNotContain("00f067aa0ba902b7");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/feed")))
        .withHeader("Authorization", equalTo("Bearer " + account.token()))
        .withRequestBody(equalToJson(
            "{\"message\":\"Launch day!\",\"link\":\"https://example.com/launch\",\"published\":false}")));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/v21.0/" + postId))
        .withHeader("Authorization", equalTo("Bearer " + account.token()))
        .withRequestBody(equalToJson("{\"is_published\":true}")));
  }

  @Test
  void resultsFollowTheStreamContract() {
    feedPostCreatedAs(account.externalId() + "_1");
    JobMessage job = Jobs.job(account, Jobs.text("Contract check"));

    worker.enqueue(job);
    worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);

    var raw = worker.rawResults(job.targetId());
    assertThat(raw).isNotEmpty();
    raw.forEach(entry -> {
      assertThat(entry.payload().keySet())
          .containsExactlyInAnyOrderElementsOf(ContractFixtures.load("result-published.json").keySet());
      assertThat(ResultMessage.fromFields(entry.payload()).targetId()).isEqualTo(job.targetId());
    });
  }

  @Test
  void theContractsFacebookJobFixtureIsConsumed() {
    var fields = ContractFixtures.load("job-facebook-link.json");
    JobMessage fixture = JobMessage.fromFields(fields);
    var fixtureAccount = new Account(fixture.socialAccountId(), fixture.tenantId(), fixture.platform(),
        "fixturepage", "EAAfixture");
    Worker.credentialsFor(fixtureAccount);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v21.0/fixturepage/feed"))
        .willReturn(json(200, "{\"id\":\"fixturepage_1\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v21.0/fixturepage_1"))
        .willReturn(json(200, "{\"success\":true}")));

    worker.enqueueFields("herald:{jobs}:normal", fields);

    // The fixture's target may already be in the ledger from an earlier run: then its result is re-sent.
    ResultMessage result = worker.awaitOutcome(fixture.targetId(), ResultOutcome.PUBLISHED);
    assertThat(result.externalId()).isEqualTo("fixturepage_1");
  }

  @Test
  void onePhotoIsUploadedUnpublishedAndAttachedToAPostWithoutAnEmptyMessage() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(graph("/photos")))
        .willReturn(json(200, "{\"id\":\"photo9\"}")));
    feedPostCreatedAs(account.externalId() + "_9");
    JobMessage job = Jobs.job(account, Jobs.media(null, null, Jobs.image("https://cdn.example.com/a.jpg")));

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(result.externalId()).isEqualTo(account.externalId() + "_9");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/photos"))).withRequestBody(
        equalToJson("{\"url\":\"https://cdn.example.com/a.jpg\",\"published\":false}")));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/feed"))).withRequestBody(
        equalToJson("{\"attached_media\":[{\"media_fbid\":\"photo9\"}],\"published\":false}")));
  }

  @Test
  void severalPhotosAreUploadedUnpublishedThenAttachedToOneFeedPost() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(graph("/photos")))
        .withRequestBody(matchingJsonPath("$.url", equalTo("https://cdn.example.com/1.jpg")))
        .willReturn(json(200, "{\"id\":\"ph1\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(graph("/photos")))
        .withRequestBody(matchingJsonPath("$.url", equalTo("https://cdn.example.com/2.jpg")))
        .willReturn(json(200, "{\"id\":\"ph2\"}")));
    feedPostCreatedAs(account.externalId() + "_77");
    JobMessage job = Jobs.job(account, Jobs.media("Two photos", null,
        Jobs.image("https://cdn.example.com/1.jpg"), Jobs.image("https://cdn.example.com/2.jpg")));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId())
        .isEqualTo(account.externalId() + "_77");
    PlatformFakes.wireMock().verify(2, postRequestedFor(urlPathEqualTo(graph("/photos")))
        .withRequestBody(matchingJsonPath("$.published", equalTo("false"))));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/feed"))).withRequestBody(equalToJson(
        "{\"message\":\"Two photos\",\"attached_media\":[{\"media_fbid\":\"ph1\"},{\"media_fbid\":\"ph2\"}],"
            + "\"published\":false}")));
  }

  @Test
  void aVideoIsUploadedUnpublishedByFileUrlOnTheVideoHostThenPublishedByIdAndReportedOnceProcessed() {
    String videos = "/video-host/v21.0/" + account.externalId() + "/videos";
    String video = "4" + Math.abs(account.id().getMostSignificantBits() % 1_000_000_000_000L);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(videos)).willReturn(json(200, "{\"id\":\"" + video + "\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v21.0/" + video))
        .willReturn(json(200, "{\"success\":true}")));
    GraphStubs.videoStatusSequence(video, GraphStubs.status("processing", null), GraphStubs.status("ready", null));
    JobMessage job = Jobs.job(account, Jobs.media("Watch this", null, Jobs.video("https://cdn.example.com/v.mp4")));

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    // Published by id is not yet public: the video was reported PROCESSING until its status said ready.
    assertThat(worker.results(job.targetId()).getFirst().outcome()).isEqualTo(ResultOutcome.PROCESSING);
    PlatformFakes.wireMock().verify(2, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
        urlPathEqualTo("/v21.0/" + video)).withQueryParam("fields", equalTo("status")));
    assertThat(result.externalId()).isEqualTo(video);
    assertThat(result.externalUrl()).isEqualTo("https://www.facebook.com/" + account.externalId() + "/videos/" + video);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(videos)).withRequestBody(equalToJson(
        "{\"file_url\":\"https://cdn.example.com/v.mp4\",\"description\":\"Watch this\",\"published\":false}")));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/v21.0/" + video))
        .withRequestBody(equalToJson("{\"published\":true}")));
  }

  @Test
  void aJobDeliveredAgainAfterPublishingReSendsTheResultWithoutPostingAgain() {
    feedPostCreatedAs(account.externalId() + "_once");
    JobMessage job = Jobs.job(account, Jobs.text("Only once"));
    worker.enqueue(job);
    worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);

    worker.enqueue(job.redelivered(java.time.Instant.now()));

    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> worker.results(job.targetId()).stream()
            .filter(r -> r.outcome() == ResultOutcome.PUBLISHED).count() == 2);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph("/feed"))));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/v21.0/" + account.externalId() + "_once")));
  }

  @Test
  void credentialsAreFetchedWithTheServiceTokenAndCachedAcrossJobs() {
    feedPostCreatedAs(account.externalId() + "_c1", "First");
    feedPostCreatedAs(account.externalId() + "_c2", "Second");
    JobMessage first = Jobs.job(account, Jobs.text("First"));
    JobMessage second = Jobs.job(account, Jobs.text("Second"));

    worker.enqueue(first);
    worker.awaitOutcome(first.targetId(), ResultOutcome.PUBLISHED);
    worker.enqueue(second);
    worker.awaitOutcome(second.targetId(), ResultOutcome.PUBLISHED);

    PlatformFakes.wireMock().verify(1, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(
        "/internal/v1/social-accounts/" + account.id() + "/credentials"))
        .withHeader("Authorization", equalTo("Bearer service-token")));
    PlatformFakes.wireMock().verify(com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly(1),
        postRequestedFor(urlPathEqualTo("/oauth2/token"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing("grant_type=client_credentials")));
  }

  @Test
  void aTargetOfAnAccountFromAnotherTenantFailsWithoutPosting() {
    var foreign = new Account(account.id(), UUID.randomUUID(), account.platform(), account.externalId(),
        account.token());
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(graph("/feed"))).willReturn(json(200, "{\"id\":\"p_x\"}")));
    JobMessage job = Jobs.job(foreign, Jobs.text("Not yours"));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.FAILED).errorCode()).isEqualTo("account_mismatch");
    PlatformFakes.wireMock().verify(0, postRequestedFor(urlPathEqualTo(graph("/feed"))));
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  static UUID id() {
    return UUID.randomUUID();
  }
}
