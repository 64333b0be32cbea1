package io.herald.publisher.support;

import io.herald.common.stream.StreamKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Looks into {@code herald:{jobs}:delayed} for a target's job. */
@ApplicationScoped
public class DelayedJobs {
  private final RedisDataSource redis;

  DelayedJobs(RedisDataSource redis) {
    this.redis = redis;
  }

  /** When the target's delayed job is due, if it is in the zset now. */
  public Optional<Instant> dueAt(UUID targetId) {
    return redis.sortedSet(String.class).zrangeWithScores(StreamKeys.DELAYED, 0, -1).stream()
        .filter(v -> v.value().contains(targetId.toString()))
        .map(ScoredValue::score)
        .map(score -> Instant.ofEpochMilli(score.longValue()))
        .findFirst();
  }
}
