package io.herald.content.post;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.common.stream.Media;
import io.herald.common.stream.Platform;
import io.herald.common.stream.PlatformOptions;
import io.herald.common.stream.Priority;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.content.db.Sql;
import io.herald.content.db.Sql.Json;
import io.herald.content.post.dto.AttemptView;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where posts, their targets and their attempt history are stored; every query of the API is scoped by tenant.
 * Every change of a target's status goes through {@link #move}.
 */
@ApplicationScoped
public class PostRepository {
  static final String TARGET_COLUMNS = "t.id, t.tenant_id, t.post_id, t.position, t.social_account_id, t.platform, "
      + "t.options, t.status, t.attempt, t.due_at, t.status_changed_at, t.external_id, t.external_url, "
      + "t.published_at, t.last_error_code, t.last_error_message, t.resend_confirmed_attempt";
  static final String POST_COLUMNS = "p.id, p.tenant_id, p.text, p.link, p.media, p.priority, p.scheduled_at, "
      + "p.created_at, p.updated_at, p.version, p.traceparent";

  private final Sql sql;
  private final ObjectMapper json;

  PostRepository(Sql sql, ObjectMapper json) {
    this.sql = sql;
    this.json = json;
  }

  /** The filters of {@code GET /api/v1/posts}; null means "any". */
  public record Filter(PostStatus status, Platform platform, UUID socialAccountId, Instant scheduledFrom,
      Instant scheduledTo, String text) {}

  /** Position after the last item of a page: the sort key (created_at desc, id desc). */
  public record Cursor(Instant createdAt, UUID id) {}

  public void insert(Post post, List<PostTarget> targets) {
    sql.update("""
        insert into posts (id, tenant_id, text, link, media, priority, scheduled_at, created_at, updated_at, version, traceparent)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        post.id(), post.tenantId(), post.text(), post.link(), new Json(write(post.media())), post.priority(),
        post.scheduledAt(), post.createdAt(), post.updatedAt(), post.version(), post.traceparent());
    for (PostTarget t : targets) {
      sql.update("""
          insert into post_targets (id, tenant_id, post_id, position, social_account_id, platform, options, status,
                                    attempt, due_at, status_changed_at)
          values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
          t.id(), t.tenantId(), t.postId(), t.position(), t.socialAccountId(), t.platform(),
          new Json(write(t.options())), t.status(), t.attempt(), t.dueAt(), t.statusChangedAt());
    }
  }

  public Optional<Post> find(UUID tenantId, UUID id) {
    return sql.one("select " + POST_COLUMNS + " from posts p where p.tenant_id = ? and p.id = ?", this::post, tenantId, id);
  }

  /** The post, locked with its targets until the transaction ends (PATCH, cancel, retry). */
  public Optional<Post> lock(UUID tenantId, UUID id) {
    Optional<Post> post = sql.one("select " + POST_COLUMNS + " from posts p where p.tenant_id = ? and p.id = ? for update",
        this::post, tenantId, id);
    post.ifPresent(p -> sql.query("select id from post_targets where post_id = ? for update", rs -> 1, p.id()));
    return post;
  }

  public List<PostTarget> targets(UUID postId) {
    return sql.query("select " + TARGET_COLUMNS + " from post_targets t where t.post_id = ? order by t.position",
        this::target, postId);
  }

  public List<Post> list(UUID tenantId, Filter filter, Cursor after, int limit) {
    var where = new StringBuilder(" where p.tenant_id = ?");
    var params = new ArrayList<Object>(List.of(tenantId));
    if (filter.platform() != null) {
      where.append(" and exists (select 1 from post_targets t where t.post_id = p.id and t.platform = ?)");
      params.add(filter.platform());
    }
    if (filter.socialAccountId() != null) {
      where.append(" and exists (select 1 from post_targets t where t.post_id = p.id and t.social_account_id = ?)");
      params.add(filter.socialAccountId());
    }
    if (filter.scheduledFrom() != null) {
      where.append(" and p.scheduled_at >= ?");
      params.add(filter.scheduledFrom());
    }
    if (filter.scheduledTo() != null) {
      where.append(" and p.scheduled_at < ?");
      params.add(filter.scheduledTo());
    }
    if (filter.text() != null && !filter.text().isBlank()) {
      where.append(" and p.text ilike ? escape '\\'");
      params.add("%" + filter.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }
    if (filter.status() != null) {
      where.append(" and (select " + PostStatus.SQL_EXPRESSION + " from post_targets t where t.post_id = p.id) = ?");
      params.add(filter.status().name());
    }
    if (after != null) {
      where.append(" and (p.created_at, p.id) < (?, ?)");
      params.add(after.createdAt());
      params.add(after.id());
    }
    params.add(limit);
    return sql.query("select " + POST_COLUMNS + " from posts p" + where + " order by p.created_at desc, p.id desc limit ?",
        this::post, params.toArray());
  }

  public void update(Post post) {
    sql.update("""
        update posts set text = ?, link = ?, media = ?, priority = ?, scheduled_at = ?, updated_at = ?, version = ?
        where tenant_id = ? and id = ?""",
        post.text(), post.link(), new Json(write(post.media())), post.priority(), post.scheduledAt(), post.updatedAt(),
        post.version(), post.tenantId(), post.id());
    sql.update("update post_targets set due_at = ? where post_id = ? and status = 'SCHEDULED'", post.scheduledAt(), post.id());
  }

  public void touch(Post post, Instant now) {
    sql.update("update posts set updated_at = ?, version = version + 1 where id = ?", now, post.id());
  }

  /**
   * The one writer of {@code post_targets.status}: applies the move if the target is in one of its from-states;
   * answers whether it did. Call it with the target locked (its post first, see {@link #lockTarget}).
   */
  public boolean move(UUID targetId, TargetMove move, TargetMove.Change change, Instant now) {
    return sql.update("update post_targets set status = ?, status_changed_at = ?, attempt = greatest(attempt, ?), "
            + "external_id = coalesce(external_id, ?), external_url = coalesce(external_url, ?), "
            + "published_at = coalesce(published_at, ?), last_error_code = ?, last_error_message = ?, "
            + "resend_confirmed_attempt = coalesce(?, resend_confirmed_attempt) "
            + "where id = ? and status in (" + move.fromSql() + ")",
        move.to(), now, change.attempt(), change.externalId(), change.externalUrl(), change.publishedAt(),
        change.errorCode(), change.errorMessage(), change.resendConfirmedAttempt(), targetId) == 1;
  }

  /** A target with its post, both locked until the transaction ends (post first, like {@link #lock}). */
  public Optional<PostTarget> lockTarget(UUID targetId) {
    sql.query("select p.id from posts p join post_targets t on t.post_id = p.id where t.id = ? for update of p",
        rs -> 1, targetId);
    return sql.one("select " + TARGET_COLUMNS + " from post_targets t where t.id = ? for update", this::target,
        targetId);
  }

  /** SCHEDULED targets due at {@code now}, oldest first, locked; rows another replica holds are skipped. */
  public List<PostTarget> lockDue(Instant now, int limit) {
    return sql.query("select " + TARGET_COLUMNS + " from post_targets t where t.status = 'SCHEDULED' and t.due_at <= ? "
        + "order by t.due_at limit ? for update skip locked", this::target, now, limit);
  }

  /**
   * QUEUED or PUBLISHING targets unchanged since before {@code cutoff} whose job left the outbox, after the
   * position {@code (changedAt, id)} in (status_changed_at, id) order, locked; rows another replica holds are skipped.
   */
  public List<PostTarget> lockInFlight(Instant cutoff, Instant afterChangedAt, UUID afterId, int limit) {
    return sql.query("select " + TARGET_COLUMNS + " from post_targets t "
            + "where t.status in ('QUEUED', 'PUBLISHING') and t.status_changed_at < ? "
            + "and (t.status_changed_at, t.id) > (?, ?) "
            + "and not exists (select 1 from outbox o where o.target_id = t.id and o.sent_at is null) "
            + "order by t.status_changed_at, t.id limit ? for update skip locked",
        this::target, cutoff, afterChangedAt, afterId, limit);
  }

  /** Marks an in-flight target's job as written again now (its status stays). */
  public void touchInFlight(UUID targetId, Instant now) {
    sql.update("update post_targets set status_changed_at = ? where id = ? and status in ('QUEUED', 'PUBLISHING')",
        now, targetId);
  }

  public long countInStatus(TargetStatus status) {
    return sql.count("select count(*) from post_targets where status = ?", status);
  }

  /**
   * Appends an outcome to the target's history, applied or not; {@code resolvedBy} is the user who stated it, null
   * for a worker's result.
   */
  public void recordAttempt(PostTarget target, ResultMessage result, boolean applied, String resolvedBy, Instant now) {
    sql.update("""
        insert into attempts (tenant_id, post_id, target_id, attempt, outcome, external_id, external_url, error_code,
                              error_message, at, applied, recorded_at, resolved_by)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""",
        target.tenantId(), target.postId(), target.id(), result.attempt(), result.outcome(), result.externalId(),
        result.externalUrl(), result.errorCode(), result.errorMessage(), result.at(), applied, now, resolvedBy);
  }

  public List<AttemptView> attempts(UUID tenantId, UUID postId) {
    return sql.query("""
        select target_id, attempt, outcome, external_id, external_url, error_code, error_message, at, applied,
               recorded_at, resolved_by
        from attempts where tenant_id = ? and post_id = ? order by id""",
        rs -> new AttemptView(Sql.uuid(rs, "target_id"), rs.getInt("attempt"),
            ResultOutcome.valueOf(rs.getString("outcome")), rs.getString("external_id"), rs.getString("external_url"),
            rs.getString("error_code"), rs.getString("error_message"), Sql.instant(rs, "at"), rs.getBoolean("applied"),
            Sql.instant(rs, "recorded_at"), rs.getString("resolved_by")),
        tenantId, postId);
  }

  Post post(ResultSet rs) throws SQLException {
    return new Post(Sql.uuid(rs, "id"), Sql.uuid(rs, "tenant_id"), rs.getString("text"), rs.getString("link"),
        read(rs.getString("media"), new TypeReference<List<Media>>() {}), Priority.valueOf(rs.getString("priority")),
        Sql.instant(rs, "scheduled_at"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"),
        rs.getInt("version"), rs.getString("traceparent"));
  }

  private PostTarget target(ResultSet rs) throws SQLException {
    return new PostTarget(Sql.uuid(rs, "id"), Sql.uuid(rs, "tenant_id"), Sql.uuid(rs, "post_id"), rs.getInt("position"),
        Sql.uuid(rs, "social_account_id"), Platform.valueOf(rs.getString("platform")),
        read(rs.getString("options"), new TypeReference<PlatformOptions>() {}),
        TargetStatus.valueOf(rs.getString("status")), rs.getInt("attempt"), Sql.instant(rs, "due_at"),
        Sql.instant(rs, "status_changed_at"), rs.getString("external_id"), rs.getString("external_url"),
        Sql.instant(rs, "published_at"), rs.getString("last_error_code"), rs.getString("last_error_message"),
        (Integer) rs.getObject("resend_confirmed_attempt"));
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> T read(String value, TypeReference<T> type) {
    try {
      return json.readValue(value, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
