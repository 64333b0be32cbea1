package io.herald.publisher.operation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.herald.publisher.support.GraphStubs.error;
import static io.herald.publisher.support.GraphStubs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.JobOperation;
import io.herald.common.stream.JobOperation.Kind;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edits and deletes of a published Facebook post: each one Graph call, recorded in its own ledger row, so a
 * redelivered job repeats only the result; a lost answer, or a worker that died between Facebook's success and its
 * ledger's commit, is settled by reading the post by id, never by sending again blindly, and a read that is refused or
 * fails leaves the outcome unknown. A token or permission refusal marks the account for a reconnect, as a publish
 * does. TikTok refuses both for good.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class PostOperationsTest {
  @Inject
  Worker worker;

  @Inject
  CircuitBreakerMaintenance breakers;

  @Inject
  OperationLedger ledger;

  Account account;
  String postId;
  JobMessage published;

  @BeforeEach
  void publishAPost() {
    breakers.resetAll();
    account = Account.facebook();
    postId = account.externalId() + "_" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
    Worker.credentialsFor(account);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(reauthRequired())).willReturn(aResponse().withStatus(204)));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(GraphStubs.feed(account)))
        .willReturn(json("{\"id\":\"" + postId + "\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(object()))
        .withRequestBody(matchingJsonPath("$.is_published")).willReturn(json("{\"success\":true}")));
    published = Jobs.job(account, Jobs.text("Launch day"));
    worker.enqueue(published);
    worker.awaitOutcome(published.targetId(), ResultOutcome.PUBLISHED);
  }

  String object() {
    return "/v21.0/" + postId;
  }

  String reauthRequired() {
    return "/internal/v1/social-accounts/" + account.id() + "/reauth-required";
  }

  JobMessage operation(Kind kind, String text) {
    return new JobMessage(UUID.randomUUID(), published.tenantId(), published.postId(), published.targetId(),
        published.attempt(), published.platform(), published.socialAccountId(), Instant.now(), null,
        Jobs.text(text), false, new JobOperation(kind, UUID.randomUUID()));
  }

  ResultMessage awaitOperation(JobMessage job, ResultOutcome outcome, int count) {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(
        () -> {
          var done = worker.results(job.targetId()).stream()
              .filter(r -> job.operation().equals(r.operation()) && r.outcome() == outcome).toList();
          return done.size() >= count ? done.getLast() : null;
        }, r -> r != null);
  }

  void editAnswers(ResponseDefinitionBuilder answer) {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(object()))
        .withRequestBody(matchingJsonPath("$.message")).willReturn(answer));
  }

  void readShowsMessage(String message) {
    readAnswers(json("{\"id\":\"" + postId + "\",\"message\":\"" + message + "\"}"));
  }

  void readAnswers(ResponseDefinitionBuilder answer) {
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(object())).withQueryParam("fields", equalTo("id,message"))
        .willReturn(answer));
  }

  /**
   * The worker that took the job called Facebook, which made the change, and died before its ledger said so: the row
   * is SENDING, its call long over, and the job comes again (claimed from the dead worker's pending list).
   */
  void diedAfterTheCall(JobMessage job) {
    ledger.take(job);
    assertThat(ledger.startSending(job.operation().id())).isTrue();
  }

  long edits() {
    return PlatformFakes.wireMock().countRequestsMatching(postRequestedFor(urlPathEqualTo(object()))
        .withRequestBody(matchingJsonPath("$.message")).build()).getCount();
  }

  @Test
  void anEditIsSentOnceAndARedeliveredJobOnlyRepeatsItsResult() {
    editAnswers(json("{\"success\":true}"));
    JobMessage edit = operation(Kind.EDIT, "Launch day, updated");

    worker.enqueue(edit);
    ResultMessage done = awaitOperation(edit, ResultOutcome.PUBLISHED, 1);
    worker.enqueue(edit.redelivered(Instant.now()));
    awaitOperation(edit, ResultOutcome.PUBLISHED, 2);

    assertThat(done.operation().kind()).isEqualTo(Kind.EDIT);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(object()))
        .withRequestBody(matchingJsonPath("$.message", equalTo("Launch day, updated"))));
  }

  @Test
  void anEditWhoseAnswerIsLostIsReadBackAndNotSentAgain() {
    editAnswers(json("{\"success\":true}").withFixedDelay(2_500));
    readShowsMessage("Edited while the answer was lost");
    JobMessage edit = operation(Kind.EDIT, "Edited while the answer was lost");

    worker.enqueue(edit);

    awaitOperation(edit, ResultOutcome.PUBLISHED, 1);
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(object()))
        .withRequestBody(matchingJsonPath("$.message")));
  }

  @Test
  void anEditWhoseTextDoesNotReadBackIsAnUnknownOutcome() {
    editAnswers(json("{\"success\":true}").withFixedDelay(2_500));
    readShowsMessage("Launch day");
    JobMessage edit = operation(Kind.EDIT, "Never confirmed");

    worker.enqueue(edit);

    ResultMessage unknown = awaitOperation(edit, ResultOutcome.UNKNOWN_OUTCOME, 1);
    assertThat(unknown.errorCode()).isEqualTo("facebook:edit_unconfirmed");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(object()))
        .withRequestBody(matchingJsonPath("$.message")));
  }

  @Test
  void aDeleteIsSentOnceAndARedeliveredJobOnlyRepeatsItsResult() {
    PlatformFakes.wireMock().stubFor(delete(urlPathEqualTo(object())).willReturn(json("{\"success\":true}")));
    JobMessage delete = operation(Kind.DELETE, "Launch day");

    worker.enqueue(delete);
    awaitOperation(delete, ResultOutcome.PUBLISHED, 1);
    worker.enqueue(delete.redelivered(Instant.now()));
    awaitOperation(delete, ResultOutcome.PUBLISHED, 2);

    PlatformFakes.wireMock().verify(1, deleteRequestedFor(urlPathEqualTo(object())));
  }

  @Test
  void aDeleteWhoseAnswerIsLostIsDoneWhenThePostReadsAsGone() {
    PlatformFakes.wireMock().stubFor(delete(urlPathEqualTo(object()))
        .willReturn(json("{\"success\":true}").withFixedDelay(2_500)));
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(object())).willReturn(error(400, 100, 33,
        "Unsupported get request. Object with ID '" + postId + "' does not exist")));
    JobMessage delete = operation(Kind.DELETE, "Launch day");

    worker.enqueue(delete);

    awaitOperation(delete, ResultOutcome.PUBLISHED, 1);
    PlatformFakes.wireMock().verify(1, deleteRequestedFor(urlPathEqualTo(object())));
  }

  @Test
  void aRefusedEditFailsForGood() {
    editAnswers(error(400, 100, null, "(#100) Invalid parameter"));
    JobMessage edit = operation(Kind.EDIT, "Not allowed");

    worker.enqueue(edit);

    ResultMessage failed = awaitOperation(edit, ResultOutcome.FAILED, 1);
    assertThat(failed.errorCode()).isEqualTo("facebook:100");
    assertThat(edits()).isEqualTo(1);
    PlatformFakes.wireMock().verify(0, postRequestedFor(urlPathEqualTo(reauthRequired())));
  }

  @Test
  void aTokenRefusedOnAnEditMarksTheAccountForReauthAndFailsTheOperationWithThatReason() {
    editAnswers(error(400, 190, 460, "Error validating access token: the user changed their password"));
    JobMessage edit = operation(Kind.EDIT, "Token gone");

    worker.enqueue(edit);

    ResultMessage reauth = awaitOperation(edit, ResultOutcome.NEEDS_REAUTH, 1);
    assertThat(reauth.errorCode()).isEqualTo("facebook:190/460");
    assertThat(reauth.errorMessage()).contains("Error validating access token");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(reauthRequired()))
        .withRequestBody(containing("facebook:190/460")));
    // a redelivered job repeats the same word and asks nothing of Facebook
    worker.enqueue(edit.redelivered(Instant.now()));
    awaitOperation(edit, ResultOutcome.NEEDS_REAUTH, 2);
    assertThat(edits()).isEqualTo(1);
  }

  @Test
  void aMissingPermissionOnADeleteMarksTheAccountForReauthAndFailsTheOperation() {
    PlatformFakes.wireMock().stubFor(delete(urlPathEqualTo(object())).willReturn(error(403, 200, null,
        "(#200) The user hasn't authorized the application to perform this action: pages_manage_posts")));
    JobMessage delete = operation(Kind.DELETE, "Launch day");

    worker.enqueue(delete);

    ResultMessage reauth = awaitOperation(delete, ResultOutcome.NEEDS_REAUTH, 1);
    assertThat(reauth.errorCode()).isEqualTo("facebook:200");
    assertThat(reauth.errorMessage()).contains("pages_manage_posts");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(reauthRequired())));
    PlatformFakes.wireMock().verify(1, deleteRequestedFor(urlPathEqualTo(object())));
  }

  @Test
  void anEditWhoseWorkerDiedAfterFacebookMadeItIsReadBackAndDoneWithoutASecondCall() {
    editAnswers(json("{\"success\":true}"));
    readShowsMessage("Edited before the crash");
    JobMessage edit = operation(Kind.EDIT, "Edited before the crash");
    diedAfterTheCall(edit);

    worker.enqueue(edit.redelivered(Instant.now()));

    awaitOperation(edit, ResultOutcome.PUBLISHED, 1);
    assertThat(edits()).isZero();
  }

  @Test
  void aDeleteWhoseWorkerDiedAfterFacebookMadeItIsDoneWhenThePostReadsAsGoneWithoutASecondCall() {
    PlatformFakes.wireMock().stubFor(delete(urlPathEqualTo(object())).willReturn(json("{\"success\":true}")));
    readAnswers(error(400, 100, 33, "Unsupported get request. Object with ID '" + postId + "' does not exist"));
    JobMessage delete = operation(Kind.DELETE, "Launch day");
    diedAfterTheCall(delete);

    worker.enqueue(delete.redelivered(Instant.now()));

    awaitOperation(delete, ResultOutcome.PUBLISHED, 1);
    PlatformFakes.wireMock().verify(0, deleteRequestedFor(urlPathEqualTo(object())));
  }

  @Test
  void aReadBackThatIsRefusedOrFailsLeavesTheOperationUnknownNeitherDoneNorSentAgain() {
    editAnswers(json("{\"success\":true}"));
    PlatformFakes.wireMock().stubFor(delete(urlPathEqualTo(object())).willReturn(json("{\"success\":true}")));
    var refusals = List.of(
        error(403, 10, null, "(#10) This endpoint requires the 'pages_read_engagement' permission"),
        error(500, 2, null, "(#2) Service temporarily unavailable"),
        json("{\"id\":\"" + postId + "\",\"message\":\"late\"}").withFixedDelay(2_500));
    for (var refusal : refusals) {
      readAnswers(refusal);
      for (Kind kind : List.of(Kind.EDIT, Kind.DELETE)) {
        JobMessage operation = operation(kind, "Maybe edited");
        diedAfterTheCall(operation);

        worker.enqueue(operation.redelivered(Instant.now()));

        ResultMessage unknown = awaitOperation(operation, ResultOutcome.UNKNOWN_OUTCOME, 1);
        assertThat(unknown.errorMessage()).contains("unknown");
        assertThat(worker.results(operation.targetId())).filteredOn(r -> operation.operation().equals(r.operation()))
            .extracting(ResultMessage::outcome).doesNotContain(ResultOutcome.PUBLISHED);
      }
    }
    assertThat(edits()).isZero();
    PlatformFakes.wireMock().verify(0, deleteRequestedFor(urlPathEqualTo(object())));
    // a token refused on the read is reported as such too: the permission error above
    PlatformFakes.wireMock().verify(2, postRequestedFor(urlPathEqualTo(reauthRequired())));
  }

  @Test
  void tikTokCannotEditOrDeleteAPublishedPost() {
    Account creator = Account.tiktok();
    JobMessage delete = new JobMessage(UUID.randomUUID(), creator.tenantId(), UUID.randomUUID(), UUID.randomUUID(),
        1, creator.platform(), creator.id(), Instant.now(), null, Jobs.text(""), false,
        new JobOperation(Kind.DELETE, UUID.randomUUID()));

    worker.enqueue(delete);

    ResultMessage failed = awaitOperation(delete, ResultOutcome.FAILED, 1);
    assertThat(failed.errorCode()).isEqualTo("tiktok:operation_not_supported");
  }
}
