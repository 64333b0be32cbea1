package io.herald.content.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.JobPayload;
import io.herald.content.db.Sql;
import io.herald.content.db.Sql.Json;
import io.herald.content.post.Post;
import io.herald.content.post.PostTarget;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The transactional outbox: a job is written here in the same transaction as the status change that caused it,
 * and the {@link OutboxRelay} hands it to Redis afterwards.
 */
@ApplicationScoped
public class Outbox {
  private final Sql sql;
  private final ObjectMapper json;

  Outbox(Sql sql, ObjectMapper json) {
    this.sql = sql;
    this.json = json;
  }

  /** One job waiting to be XADDed. */
  public record Row(long id, UUID targetId, String stream, Map<String, String> fields) {}

  /**
   * Writes the job for one attempt of a target (call inside the transaction that changed the target);
   * {@code resendConfirmed}: the user asked to send it although the previous attempt's outcome was unknown.
   */
  public JobMessage enqueue(Post post, PostTarget target, int attempt, boolean resendConfirmed, Instant now) {
    var job = new JobMessage(UUID.randomUUID(), post.tenantId(), post.id(), target.id(), attempt, target.platform(),
        target.socialAccountId(), now, post.traceparent(),
        new JobPayload(post.text(), post.link(), post.media(), target.options()), resendConfirmed);
    sql.update("insert into outbox (tenant_id, target_id, attempt, stream, fields, created_at) values (?, ?, ?, ?, ?, ?)",
        post.tenantId(), target.id(), attempt, post.priority().streamKey(), new Json(write(job.toFields())), now);
    return job;
  }

  /** The oldest unsent rows, locked so another relay replica skips them (call inside a transaction). */
  List<Row> lockUnsent(int limit) {
    return sql.query("select id, target_id, stream, fields from outbox where sent_at is null order by id limit ? "
            + "for update skip locked",
        rs -> new Row(rs.getLong("id"), Sql.uuid(rs, "target_id"), rs.getString("stream"),
            read(rs.getString("fields"))),
        limit);
  }

  void markSent(long id, Instant now) {
    sql.update("update outbox set sent_at = ? where id = ?", now, id);
  }

  /** Rows not yet handed to Redis. */
  public long backlog() {
    return sql.count("select count(*) from outbox where sent_at is null");
  }

  /** Forgets rows sent long ago. */
  int purgeSentBefore(Instant cutoff) {
    return sql.update("delete from outbox where sent_at is not null and sent_at < ?", cutoff);
  }

  private String write(Map<String, String> fields) {
    try {
      return json.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> read(String value) {
    try {
      return json.readValue(value, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
