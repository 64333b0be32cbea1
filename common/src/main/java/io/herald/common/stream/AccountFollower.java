package io.herald.common.stream;

import io.herald.common.loop.LoopRunner;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Follows {@link StreamKeys#ACCOUNTS} on a loop of its own, handing every {@link AccountEvent} to the replica's
 * handler (each replica sees every event: a broadcast, see {@link StreamFollower}); an entry that cannot be read is
 * logged and skipped.
 */
public final class AccountFollower {
  private static final Duration BLOCK = Duration.ofSeconds(2);

  private AccountFollower() {}

  public static LoopRunner.Loop start(LoopRunner loops, RedisDataSource redis, String loopName, Duration stuckAfter,
      Consumer<AccountEvent> handler) {
    var follower = new StreamFollower(redis.stream(String.class, String.class, String.class), StreamKeys.ACCOUNTS);
    // A round waits at most half the liveness bound, so a quiet stream never looks like a stuck loop.
    Duration block = BLOCK.compareTo(stuckAfter.dividedBy(2)) < 0 ? BLOCK : stuckAfter.dividedBy(2);
    return loops.start(loopName, stuckAfter, () -> {
      for (var message : follower.next(block, 100)) {
        try {
          handler.accept(AccountEvent.fromFields(message.payload()));
        } catch (MalformedMessageException e) {
          Log.warnf("Skipped account event %s: %s", message.id(), e.getMessage());
        }
      }
      return Duration.ZERO;
    });
  }
}
