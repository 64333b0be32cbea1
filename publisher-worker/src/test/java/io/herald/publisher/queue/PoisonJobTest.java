package io.herald.publisher.queue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.PlatformOptions;
import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.GraphStubs;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job that cannot work never holds up the others: it ends with a clear reason while the rest keep flowing. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class PoisonJobTest {
  static final PlatformOptions PUBLIC = new PlatformOptions("PUBLIC_TO_EVERYONE", false, true, true,
      PlatformOptions.Mode.DIRECT_POST, null, null, null, null, null);

  @Inject
  Worker worker;

  @Inject
  RedisDataSource redis;

  @Test
  void poisonJobsEndWithTheirReasonWhileOtherJobsKeepFlowing() {
    Account tiktok = Account.tiktok();
    Worker.credentialsFor(tiktok);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v2/post/publish/creator_info/query/"))
        .withHeader("Authorization", equalTo("Bearer " + tiktok.token())).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json").withBody("{\"data\":{\"creator_username\":\"p\","
                + "\"privacy_level_options\":[\"PUBLIC_TO_EVERYONE\"]},"
                + "\"error\":{\"code\":\"ok\",\"message\":\"\"}}")));
    String empty = "/media/empty-" + tiktok.id() + ".mp4";
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(empty)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "video/mp4").withBody(new byte[0])));
    JobMessage zeroBytes = Jobs.job(tiktok, Jobs.media("Empty", PUBLIC,
        Jobs.video(PlatformFakes.wireMock().baseUrl() + empty)));
    JobMessage badUrl = Jobs.job(tiktok, Jobs.media("Bad URL", PUBLIC, Jobs.video("ht tp://not a url/x.mp4")));
    Account facebook = Account.facebook();
    Worker.credentialsFor(facebook);
    GraphStubs.createsAndPublishes(facebook);

    worker.enqueue(zeroBytes);
    worker.enqueue(badUrl);
    List<JobMessage> healthy = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      JobMessage job = Jobs.job(facebook, Jobs.text("Healthy " + i));
      healthy.add(job);
      worker.enqueue(job);
    }

    healthy.forEach(job -> worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED));
    ResultMessage empties = worker.awaitOutcome(zeroBytes.targetId(), ResultOutcome.FAILED);
    assertThat(empties.errorCode()).isEqualTo("media_empty");
    ResultMessage broken = worker.awaitOutcome(badUrl.targetId(), ResultOutcome.FAILED);
    assertThat(broken.errorCode()).isEqualTo("job_failed");
    assertThat(broken.errorMessage()).contains("IllegalArgumentException");
    await().atMost(Duration.ofSeconds(5)).until(() -> redis.stream(String.class)
        .xrange(StreamKeys.DEAD, StreamRange.of("-", "+")).stream()
        .anyMatch(e -> badUrl.targetId().toString().equals(e.payload().get("targetId"))));
    given().when().get("/q/health/live").then().statusCode(200);
    given().when().get("/q/metrics").then().statusCode(200)
        .body(org.hamcrest.Matchers.containsString("herald_job_failures_total{kind=\"permanent\"}"));
  }

  @Test
  void aJobThatKeepsFailingTransientlyIsTriedAFewTimesThenDeadLetteredWithItsReason() {
    Account facebook = Account.facebook();
    Worker.credentialsFor(facebook);
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v21.0/" + facebook.externalId() + "/feed"))
        .willReturn(GraphStubs.error(400, 32, null, "(#32) Page request limit reached")));
    JobMessage stuck = Jobs.job(facebook, Jobs.text("Cannot be rescheduled"));
    // Someone made the delayed set a key of another type: every reschedule is refused by Redis (WRONGTYPE).
    redis.key().del(StreamKeys.DELAYED);
    redis.value(String.class).set(StreamKeys.DELAYED, "not a sorted set");
    try {
      String entry = worker.enqueue(stuck);

      // The job's Redis commands are refused: its entry is not acknowledged behind their back, it stays pending
      // while the job is tried again.
      await().atMost(Duration.ofSeconds(10)).until(() -> !PlatformFakes.wireMock().findAll(
          postRequestedFor(urlPathEqualTo("/v21.0/" + facebook.externalId() + "/feed"))).isEmpty());
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> redis.stream(String.class)
          .xpending(Priority.NORMAL.streamKey(), StreamKeys.PUBLISHERS_GROUP, StreamRange.of(entry, entry), 1)
          .size() == 1);
      ResultMessage dead = worker.awaitOutcome(stuck.targetId(), ResultOutcome.FAILED, Duration.ofSeconds(30));
      assertThat(dead.errorCode()).isEqualTo("job_failed");
      assertThat(dead.errorMessage()).contains("failed 5 times").contains("WRONGTYPE");
    } finally {
      redis.key().del(StreamKeys.DELAYED);
    }
  }
}
