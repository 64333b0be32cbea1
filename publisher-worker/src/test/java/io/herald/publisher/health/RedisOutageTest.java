package io.herald.publisher.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.GraphStubs;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Redis goes away and comes back: readiness follows it, liveness stays UP, and consuming resumes by itself. */
@QuarkusTest
@WithTestResource(value = HeraldInfraResource.class, initArgs = @ResourceArg(name = "proxyRedis", value = "true"))
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class RedisOutageTest {
  @Inject
  Worker worker;

  @Test
  void readinessFollowsRedisLivenessDoesNotAndTheConsumerResumes() {
    given().when().get("/q/health/ready").then().statusCode(200);

    HeraldInfraResource.redisProxy().disconnect();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/q/health/ready").statusCode() == 503);
      given().when().get("/q/health/live").then().statusCode(200)
          .body("checks.find { it.name == 'background-loops' }.data.'publisher-consumer'", startsWith("running"));
    } finally {
      HeraldInfraResource.redisProxy().reconnect();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);

    Account account = Account.facebook();
    Worker.credentialsFor(account);
    GraphStubs.createsAndPublishes(account);
    JobMessage job = Jobs.job(account, Jobs.text("After the outage"));
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> worker.enqueue(job) != null);

    worker.awaitOutcome(job.targetId(), ResultOutcome.PUBLISHED, Duration.ofSeconds(30));
  }
}
