package io.herald.publisher.facebook;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.herald.publisher.support.GraphStubs.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.ledger.Lease;
import io.herald.publisher.ledger.Ledger;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A send that was under way before Herald created posts unpublished first has no id in the ledger: its post is looked
 * for on the Page, page by page, and only a post of Herald's own app, in the attempt's window, with the same
 * non-empty text and held by no other target is taken; anything else is never guessed.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class FeedSearchTest {
  static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx")
      .withZone(ZoneOffset.UTC);
  static final String OWN_APP = "123456789";

  @Inject
  Worker worker;

  @Inject
  Ledger ledger;

  @Inject
  CircuitBreakerMaintenance breakers;

  Account account;

  @BeforeEach
  void setUp() {
    breakers.resetAll();
    account = Account.facebook();
    Worker.credentialsFor(account);
    GraphStubs.createsAndPublishes(account);
  }

  /** A SENDING row left by a worker of the version that published directly (no object id), its lease long gone. */
  JobMessage sendUnderWayBeforeTheUpgrade(String text) {
    JobMessage job = Jobs.job(account, Jobs.text(text));
    var lease = new Lease(job.targetId(), UUID.randomUUID());
    ledger.take(job, lease, Duration.ofMillis(1)).orElseThrow();
    assertThat(ledger.beginSend(lease, job.attempt(), account.externalId())).isTrue();
    return job;
  }

  static String post(String id, String message, Instant created, String app) {
    return "{\"id\":\"" + id + "\"" + (message == null ? "" : ",\"message\":\"" + message + "\"")
        + ",\"created_time\":\"" + GRAPH_TIME.format(created) + "\""
        + (app == null ? "" : ",\"application\":{\"name\":\"App\",\"id\":\"" + app + "\"}") + "}";
  }

  /** The feed in two pages, newest first, linked by the cursor {@code c1}. */
  void feedPages(List<String> first, List<String> second) {
    String feed = GraphStubs.feed(account);
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(feed)).withQueryParam("after", absent())
        .willReturn(json("{\"data\":[" + String.join(",", first) + "],\"paging\":{\"cursors\":{\"after\":\"c1\"},"
            + "\"next\":\"https://graph.facebook.com/v21.0/" + account.externalId() + "/feed?after=c1\"}}")));
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(feed)).withQueryParam("after", equalTo("c1"))
        .willReturn(json("{\"data\":[" + String.join(",", second) + "],\"paging\":{\"cursors\":{\"after\":\"c2\"}}}")));
  }

  @Test
  void itsPostIsFoundOnTheSecondPageAmongPostsOfAdminsOtherAppsAndOlderCopies() {
    String text = "Launch " + UUID.randomUUID();
    JobMessage job = sendUnderWayBeforeTheUpgrade(text);
    Instant now = Instant.now();
    String own = account.externalId() + "_own";
    List<String> busy = java.util.stream.IntStream.range(0, 100)
        .mapToObj(i -> post(account.externalId() + "_n" + i, "Newer " + i, now.plusSeconds(1), OWN_APP))
        .collect(Collectors.toList());
    busy.add(post(account.externalId() + "_admin", text, now, null));
    busy.add(post(account.externalId() + "_other", text, now, "999"));
    feedPages(busy, List.of(post(own, text + "  ", now.minusSeconds(1), OWN_APP),
        post(account.externalId() + "_old", text, now.minus(Duration.ofDays(2)), OWN_APP)));

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId()).isEqualTo(own);
    PlatformFakes.wireMock().verify(0, postRequestedFor(urlPathEqualTo(GraphStubs.feed(account))));
    PlatformFakes.wireMock().verify(1, getRequestedFor(urlPathEqualTo(GraphStubs.feed(account)))
        .withQueryParam("after", equalTo("c1")));
  }

  @Test
  void twoPostsOfHeraldWithTheSameTextInTheWindowAreNotGuessedBetween() {
    String text = "Twice " + UUID.randomUUID();
    JobMessage job = sendUnderWayBeforeTheUpgrade(text);
    Instant now = Instant.now();
    feedPages(List.of(post(account.externalId() + "_a", text, now, OWN_APP),
        post(account.externalId() + "_b", text, now, OWN_APP)), List.of());

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.UNKNOWN_OUTCOME).errorCode())
        .isEqualTo("facebook:ambiguous");
    PlatformFakes.wireMock().verify(0, postRequestedFor(urlPathEqualTo(GraphStubs.feed(account))));
  }

  @Test
  void aPostWithoutTextIsNeverMatchedOnThePage() {
    JobMessage job = sendUnderWayBeforeTheUpgrade("");
    feedPages(List.of(post(account.externalId() + "_photo", null, Instant.now(), OWN_APP)), List.of());

    worker.enqueue(job);

    assertThat(worker.awaitOutcome(job.targetId(), ResultOutcome.UNKNOWN_OUTCOME).errorCode())
        .isEqualTo("facebook:ambiguous");
    PlatformFakes.wireMock().verify(0, postRequestedFor(urlPathEqualTo(GraphStubs.feed(account))));
  }

  @Test
  void aPostAnotherTargetHoldsIsNotTakenAndTheAbsentPostIsSent() {
    String text = "Taken " + UUID.randomUUID();
    JobMessage job = sendUnderWayBeforeTheUpgrade(text);
    JobMessage other = Jobs.job(account, Jobs.text(text));
    worker.enqueue(other);
    String othersId = worker.awaitOutcome(other.targetId(), ResultOutcome.PUBLISHED).externalId();
    feedPages(List.of(post(othersId, text, Instant.now(), OWN_APP)), List.of());

    worker.enqueue(job);

    String published = worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED).externalId();
    assertThat(published).isNotEqualTo(othersId);
    PlatformFakes.wireMock().verify(2, postRequestedFor(urlPathEqualTo(GraphStubs.feed(account))));
  }
}
