package io.herald.publisher.facebook;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.herald.publisher.support.GraphStubs.error;
import static io.herald.publisher.support.GraphStubs.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.credentials.CredentialsClient;
import io.herald.publisher.facebook.FacebookPost.Kind;
import io.herald.publisher.ledger.Lease;
import io.herald.publisher.ledger.Ledger;
import io.herald.publisher.ledger.LedgerState;
import io.herald.publisher.support.GraphStubs;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the answer to publishing a post is lost, the worker reads the post Herald created unpublished (its id is in the
 * ledger) instead of searching the Page, and an error while reading never lets a retry send a second copy.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class FacebookReconcileTest {
  @Inject
  Worker worker;

  @Inject
  Ledger ledger;

  @Inject
  FacebookPublisher publisher;

  @Inject
  CredentialsClient credentials;

  @Inject
  CircuitBreakerMaintenance breakers;

  Account account;
  String postId;

  @BeforeEach
  void setUp() {
    breakers.resetAll();
    account = Account.facebook();
    postId = account.externalId() + "_" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
    Worker.credentialsFor(account);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(
        "/internal/v1/social-accounts/" + account.id() + "/reauth-required")).willReturn(
        com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(204)));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(GraphStubs.feed(account)))
        .willReturn(json("{\"id\":\"" + postId + "\"}")));
  }

  String object() {
    return "/v21.0/" + postId;
  }

  void publishingAnswersTooLate() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(object()))
        .willReturn(json("{\"success\":true}").withFixedDelay(2_500)));
  }

  void readShows(boolean published) {
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(object()))
        .willReturn(json("{\"id\":\"" + postId + "\",\"is_published\":" + published + "}")));
  }

  @Test
  void aPublishWhoseAnswerIsLostIsReadBackAndReportedOnce() {
    publishingAnswersTooLate();
    readShows(true);
    JobMessage job = Jobs.job(account, Jobs.text("Late answer"));

    worker.enqueue(job);

    ResultMessage result = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED);
    assertThat(result.externalId()).isEqualTo(postId);
    assertThat(worker.results(job.targetId()).get(0).errorCode()).isEqualTo("facebook:timeout");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(GraphStubs.feed(account))));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(object())));
    PlatformFakes.wireMock().verify(0, getRequestedFor(urlPathEqualTo(GraphStubs.feed(account))));
  }

  @Test
  void aPostStillUnpublishedAfterALostAnswerIsPublishedAgainByTheSameId() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(object())).inScenario(postId).whenScenarioStateIs(STARTED)
        .willReturn(error(500, 2, null, "(#2) Service temporarily unavailable")).willSetStateTo("up"));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(object())).inScenario(postId).whenScenarioStateIs("up")
        .willReturn(json("{\"success\":true}")));
    readShows(false);
    JobMessage job = Jobs.job(account, Jobs.text("Still unpublished"));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId()).isEqualTo(postId);
    assertThat(worker.results(job.targetId()).get(0).errorCode()).isEqualTo("facebook:2");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(GraphStubs.feed(account))));
    PlatformFakes.wireMock().verify(2, postRequestedFor(urlPathEqualTo(object())));
  }

  @Test
  void aRefusedPublishOfAPostThatIsAlreadyPublicIsNotAFailure() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(object()))
        .willReturn(error(400, 100, null, "(#100) The post is already published")));
    readShows(true);
    JobMessage job = Jobs.job(account, Jobs.text("Already public"));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId()).isEqualTo(postId);
    assertThat(worker.results(job.targetId())).extracting(ResultMessage::outcome)
        .doesNotContain(ResultOutcome.FAILED);
  }

  @Test
  void aReadRefusedWith190KeepsTheRowUnsureAndTheRetryAfterReconnectReadsBeforeSending() {
    publishingAnswersTooLate();
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(object()))
        .willReturn(error(400, 190, 460, "Error validating access token: password changed")));
    JobMessage job = Jobs.job(account, Jobs.text("Reauth in the middle"));

    worker.enqueue(job);

    ResultMessage reauth = worker.awaitOutcome(job.targetId(), ResultOutcome.NEEDS_REAUTH);
    assertThat(reauth.errorCode()).isEqualTo("facebook:190/460");
    assertThat(ledger.find(job.targetId()).orElseThrow().state()).isEqualTo(LedgerState.SENDING);

    // The tenant reconnects the Page and retries the post (attempt 2): the post is read first, and it is there.
    readShows(true);
    JobMessage retry = retryOf(job, 2, false);
    worker.enqueue(retry);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).attempt()).isEqualTo(2);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(GraphStubs.feed(account))));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(object())));
  }

  @Test
  void aPostGoneFromThePageIsUnknownUntilTheUserConfirmsSendingAgain() {
    publishingAnswersTooLate();
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(object())).willReturn(error(400, 100, 33,
        "Unsupported get request. Object with ID '" + postId + "' does not exist")));
    JobMessage job = Jobs.job(account, Jobs.text("Gone"));

    worker.enqueue(job);

    ResultMessage unknown = worker.awaitOutcome(job.targetId(), ResultOutcome.UNKNOWN_OUTCOME);
    assertThat(unknown.errorCode()).isEqualTo("facebook:object_gone");
    assertThat(ledger.find(job.targetId()).orElseThrow().state()).isEqualTo(LedgerState.UNKNOWN);

    // A plain retry is not the user's word: still unknown, nothing sent.
    worker.enqueue(retryOf(job, 2, false));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> worker.results(job.targetId())
        .stream().anyMatch(r -> r.attempt() == 2 && r.outcome() == ResultOutcome.UNKNOWN_OUTCOME));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(GraphStubs.feed(account))));

    // "Send it": a new unpublished post is created and published.
    String second = account.externalId() + "_second";
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(GraphStubs.feed(account)))
        .willReturn(json("{\"id\":\"" + second + "\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v21.0/" + second)).willReturn(json("{\"success\":true}")));
    worker.enqueue(retryOf(job, 3, true));

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId()).isEqualTo(second);
    PlatformFakes.wireMock().verify(2, postRequestedFor(urlPathEqualTo(GraphStubs.feed(account))));
  }

  @Test
  void aWorkerThatDiedAfterFacebookPublishedButBeforeTheLedgerCommitIsResolvedByReadingThePost() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(object())).willReturn(json("{\"success\":true}")));
    readShows(true);
    JobMessage job = Jobs.job(account, Jobs.text("Crash after success"));
    // The dead worker: it took the row, created the post, committed SENDING, published, then died (no SENT, no ack).
    var lease = new Lease(job.targetId(), UUID.randomUUID());
    ledger.take(job, lease, Duration.ofMillis(1)).orElseThrow();
    var creds = credentials.get(account.id());
    String created = publisher.createUnpublished(creds, publisher.prepare(creds, job.payload()));
    assertThat(ledger.beginSend(lease, job.attempt(), account.externalId(), created)).isTrue();
    publisher.publish(creds, Kind.FEED, created);

    // Another worker takes the redelivered entry over.
    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId()).isEqualTo(postId);
    assertThat(ledger.find(job.targetId()).orElseThrow().state()).isEqualTo(LedgerState.SENT);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(GraphStubs.feed(account))));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(object())));
  }

  @Test
  void anIdAlreadyHeldByAnotherTargetIsNeverTakenForThisOne() {
    readShows(true);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(object())).willReturn(json("{\"success\":true}")));
    JobMessage first = Jobs.job(account, Jobs.text("First"));
    worker.enqueue(first);
    worker.awaitOutcome(first.targetId(), ResultOutcome.PUBLISHED);

    // Facebook answers the second create with the first post's id: the ledger refuses to give it a second target.
    JobMessage second = Jobs.job(account, Jobs.text("Second"));
    worker.enqueue(second);

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !worker.results(second.targetId())
        .isEmpty() && worker.results(second.targetId()).getLast().outcome().isTerminal());
    assertThat(worker.results(second.targetId())).extracting(ResultMessage::outcome)
        .doesNotContain(ResultOutcome.PUBLISHED);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(object())));
  }

  @Test
  void copiesOfOneJobArrivingTogetherNeverBothSend() {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(GraphStubs.feed(account)))
        .willReturn(json("{\"id\":\"" + postId + "\"}").withFixedDelay(300)));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(object())).willReturn(json("{\"success\":true}")));
    JobMessage job = Jobs.job(account, Jobs.text("Five copies"));

    for (int i = 0; i < 5; i++) {
      worker.enqueue(job.redelivered(Instant.now()));
    }

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> worker.results(job.targetId())
        .stream().filter(r -> r.outcome() == ResultOutcome.PUBLISHED).count() == 5);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(GraphStubs.feed(account))));
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(object())));
  }

  private static JobMessage retryOf(JobMessage job, int attempt, boolean resendConfirmed) {
    return new JobMessage(UUID.randomUUID(), job.tenantId(), job.postId(), job.targetId(), attempt, job.platform(),
        job.socialAccountId(), Instant.now(), job.traceparent(), job.payload(), resendConfirmed);
  }
}
