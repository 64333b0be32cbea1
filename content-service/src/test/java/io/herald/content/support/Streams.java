package io.herald.content.support;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.StreamKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the job streams and writes results, as publisher-worker would. */
public final class Streams {
  private Streams() {}

  /** The raw entries of a job stream that belong to one target (among the last ten minutes' entries). */
  public static List<Map<String, String>> jobsFor(RedisDataSource redis, String stream, String targetId) {
    return recent(redis, stream).stream().filter(fields -> targetId.equals(fields.get("targetId"))).toList();
  }

  /** The entries added to a stream in the last ten minutes, oldest first (the test database outlives test runs). */
  public static List<Map<String, String>> recent(RedisDataSource redis, String stream) {
    String since = (System.currentTimeMillis() - 600_000) + "-0";
    return redis.stream(String.class).xrange(stream, StreamRange.of(since, "+")).stream()
        .map(m -> m.payload()).toList();
  }

  public static List<JobMessage> parsedJobsFor(RedisDataSource redis, String stream, String targetId) {
    return jobsFor(redis, stream, targetId).stream().map(JobMessage::fromFields).toList();
  }

  /** The jobs of a target of a NORMAL-priority post, the tests' usual post, oldest first. */
  public static List<JobMessage> jobsOf(RedisDataSource redis, UUID targetId) {
    return parsedJobsFor(redis, Priority.NORMAL.streamKey(), targetId.toString());
  }

  public static void sendResult(RedisDataSource redis, ResultMessage result) {
    send(redis, result.toFields());
  }

  public static void send(RedisDataSource redis, Map<String, String> fields) {
    redis.stream(String.class).xadd(StreamKeys.RESULTS, fields);
  }
}
