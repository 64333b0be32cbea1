package io.herald.publisher.facebook;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.herald.publisher.support.GraphStubs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.PlatformOptions;
import io.herald.common.stream.PlatformOptions.FirstComment;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultMessage.FirstCommentStatus;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Facebook post's first comment: its own step after the post is public, reported with the post's result. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class FirstCommentTest {
  static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
      .withZone(ZoneOffset.UTC);

  @Inject
  Worker worker;

  @Inject
  CircuitBreakerMaintenance breakers;

  Account account;
  String postId;

  @BeforeEach
  void setUp() {
    breakers.resetAll();
    account = Account.facebook();
    Worker.credentialsFor(account);
    postId = account.externalId() + "_" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v21.0/" + account.externalId() + "/feed"))
        .willReturn(json("{\"id\":\"" + postId + "\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v21.0/" + postId)).willReturn(json("{\"success\":true}")));
  }

  JobMessage postWithComment(String text, String imageUrl) {
    var options = new PlatformOptions(null, null, null, null, null, null, null, null, null, null, null, null,
        new FirstComment(text, imageUrl), null, null, null);
    return Jobs.job(account, new io.herald.common.stream.JobPayload("Launch", null, java.util.List.of(), options));
  }

  String comments() {
    return "/v21.0/" + postId + "/comments";
  }

  @Test
  void theCommentIsPostedAsThePageAfterThePostAndReportedWithIt() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(comments()))
        .willReturn(json("{\"id\":\"" + postId + "_c1\"}")));
    JobMessage job = postWithComment("Link in bio", "https://cdn.example.com/c.jpg");

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(result.externalId()).isEqualTo(postId);
    assertThat(result.firstComment().status()).isEqualTo(FirstCommentStatus.PUBLISHED);
    assertThat(result.firstComment().id()).isEqualTo(postId + "_c1");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(comments()))
        .withHeader("Authorization", equalTo("Bearer " + account.token()))
        .withRequestBody(equalToJson(
            "{\"message\":\"Link in bio\",\"attachment_url\":\"https://cdn.example.com/c.jpg\"}")));

    // Delivered again: the result is repeated from the ledger, nothing is posted or commented again.
    worker.enqueue(job.redelivered(Instant.now()));
    await().until(() -> worker.results(job.targetId()).stream()
        .filter(r -> r.outcome() == ResultOutcome.PUBLISHED).count() == 2);
    assertThat(worker.results(job.targetId()).getLast().firstComment().id()).isEqualTo(postId + "_c1");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(comments())));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/v21.0/" + account.externalId() + "/feed")));
  }

  @Test
  void aCommentRefusedForGoodLeavesThePostPublishedWithTheCommentFailed() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(comments()))
        .willReturn(GraphStubs.error(400, 100, null, "(#100) Invalid attachment_url")));
    JobMessage job = postWithComment("Hi", "https://cdn.example.com/broken");

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(result.firstComment().status()).isEqualTo(FirstCommentStatus.FAILED);
    assertThat(result.firstComment().error()).contains("Invalid attachment_url");
    assertThat(worker.results(job.targetId())).noneMatch(r -> r.outcome() == ResultOutcome.FAILED);
  }

  @Test
  void aCommentWhoseAnswerIsLostIsFoundAmongThePostsCommentsByThePage() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(comments()))
        .willReturn(json("{\"id\":\"" + postId + "_late\"}").withFixedDelay(2_000)));
    String now = GRAPH_TIME.format(Instant.now());
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(comments())).willReturn(json("{\"data\":["
        + "{\"id\":\"" + postId + "_v\",\"from\":{\"id\":\"999\",\"name\":\"A visitor\"},\"created_time\":\"" + now
        + "\"},"
        + "{\"id\":\"" + postId + "_late\",\"from\":{\"id\":\"" + account.externalId()
        + "\",\"name\":\"The Page\"},\"created_time\":\"" + now + "\"},"
        + "{\"id\":\"" + postId + "_old\",\"from\":{\"id\":\"" + account.externalId()
        + "\",\"name\":\"The Page\"},\"created_time\":\"2020-01-01T00:00:00+0000\"}],"
        + "\"paging\":{\"cursors\":{\"before\":\"b\",\"after\":\"a\"}}}")));
    JobMessage job = postWithComment("Same text as any other", null);

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(result.firstComment().status()).isEqualTo(FirstCommentStatus.PUBLISHED);
    assertThat(result.firstComment().id()).isEqualTo(postId + "_late");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(comments())));
  }

  @Test
  void aCommentWhoseAnswerIsLostAndThatIsNotFoundIsUnknownAndNeverSentAgain() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(comments()))
        .willReturn(json("{\"id\":\"x\"}").withFixedDelay(2_000)));
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(comments())).willReturn(json("{\"data\":[],\"paging\":{}}")));
    JobMessage job = postWithComment("Lost", null);

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(result.firstComment().status()).isEqualTo(FirstCommentStatus.UNKNOWN_OUTCOME);
    assertThat(result.firstComment().error()).contains("no comment by the Page was found");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(comments())));
  }
}
