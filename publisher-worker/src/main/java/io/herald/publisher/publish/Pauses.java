package io.herald.publisher.publish;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Pauses shared by every replica through Redis: after a platform throttled an account (or its usage headers came
 * close to the limit), jobs for that account wait until the pause ends instead of calling again.
 */
@ApplicationScoped
public class Pauses {
  static final String PREFIX = "herald:publisher:pause:";

  private final RedisDataSource redis;
  private final ValueCommands<String, String> values;

  Pauses(RedisDataSource redis) {
    this.redis = redis;
    this.values = redis.value(String.class);
  }

  public void pause(String scope, Duration duration) {
    values.set(PREFIX + scope, "1", new SetArgs().px(Math.max(1, duration.toMillis())));
  }

  /** The time left on a pause of this scope, if one is running. */
  public Optional<Duration> remaining(String scope) {
    long millis = redis.execute("PTTL", PREFIX + scope).toLong();
    return millis > 0 ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
  }
}
