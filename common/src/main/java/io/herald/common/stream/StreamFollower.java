package io.herald.common.stream;

import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XReadArgs;
import java.time.Duration;
import java.util.List;

/**
 * Reads a stream that every replica must see in full (a broadcast, so no consumer group): each call answers the
 * entries after the last one read, waiting up to {@code block} for new ones. It starts at the entry that was last
 * when it first reads; what happened before is what its owner reads from the source of truth anyway.
 */
public final class StreamFollower {
  private final StreamCommands<String, String, String> commands;
  private final String stream;
  private String lastId;

  public StreamFollower(StreamCommands<String, String, String> commands, String stream) {
    this.commands = commands;
    this.stream = stream;
  }

  public List<StreamMessage<String, String, String>> next(Duration block, int count) {
    if (lastId == null) {
      List<StreamMessage<String, String, String>> last = commands.xrevrange(stream, StreamRange.of("+", "-"), 1);
      lastId = last.isEmpty() ? "0-0" : last.get(0).id();
    }
    List<StreamMessage<String, String, String>> messages =
        commands.xread(stream, lastId, new XReadArgs().block(block).count(count));
    if (!messages.isEmpty()) {
      lastId = messages.get(messages.size() - 1).id();
    }
    return messages;
  }
}
