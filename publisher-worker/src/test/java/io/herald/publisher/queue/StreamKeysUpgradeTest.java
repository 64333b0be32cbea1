package io.herald.publisher.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.stream.StreamKeys;
import io.herald.common.stream.StreamKeysUpgrade;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.GraphStubs;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An upgrade in place on one Redis: what a Herald from before the {@code {jobs}} hash tag left under the old keys is
 * moved (jobs in a stream, a delayed retry, a job marker, a stream with its consumer group and pending entries) and
 * runs; a second run finds nothing.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class StreamKeysUpgradeTest {
  @Inject
  Worker worker;

  @Inject
  RedisDataSource redis;

  @Test
  void jobsMarkersAndStreamsUnderTheOldKeysAreMovedAndTheJobsPublished() {
    Account account = Account.facebook();
    Worker.credentialsFor(account);
    GraphStubs.createsAndPublishes(account);
    JobMessage queued = Jobs.job(account, Jobs.text("Queued before the upgrade"));
    JobMessage delayed = Jobs.job(account, Jobs.text("Retrying before the upgrade"));
    worker.enqueueFields("herald:jobs:normal", queued.toFields());
    String member = "{\"fields\":" + json(delayed.toFields()) + ",\"stream\":\"herald:jobs:low\"}";
    redis.sortedSet(String.class).zadd("herald:jobs:delayed", System.currentTimeMillis(), member);
    redis.value(String.class).set("herald:jobs:active:" + delayed.targetId(), "worker",
        new io.quarkus.redis.datasource.value.SetArgs().px(60_000));
    // a stream the new keys do not have yet keeps its group and what the group has pending
    redis.key().del(StreamKeys.RESULTS_DEAD);
    var streams = redis.stream(String.class);
    String deadResult = streams.xadd("herald:results:dead", Map.of("reason", "old"));
    streams.xgroupCreate("herald:results:dead", StreamKeys.CONTENT_GROUP, "0", new XGroupCreateArgs().mkstream());
    streams.xreadgroup(StreamKeys.CONTENT_GROUP, "old-replica", "herald:results:dead", ">", new XReadGroupArgs());

    assertThat(StreamKeysUpgrade.run(redis)).as("two jobs, a marker and a stream").isGreaterThanOrEqualTo(4);

    worker.awaitOutcome(queued.targetId(), ResultOutcome.PUBLISHED);
    worker.awaitOutcome(delayed.targetId(), ResultOutcome.PUBLISHED);
    assertThat(streams.xpending(StreamKeys.RESULTS_DEAD, StreamKeys.CONTENT_GROUP, StreamRange.of("-", "+"), 10))
        .extracting(p -> p.getMessageId()).containsExactly(deadResult);
    for (String old : new String[] {"herald:jobs:normal", "herald:jobs:delayed", "herald:results:dead",
        "herald:jobs:active:" + delayed.targetId()}) {
      assertThat(redis.key().exists(old)).as(old).isFalse();
    }
    assertThat(StreamKeysUpgrade.run(redis)).isZero();
  }

  private static String json(Map<String, String> fields) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(fields);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
