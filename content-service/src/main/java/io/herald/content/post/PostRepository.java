package io.herald.content.post;

import io.herald.common.db.Sql;
import io.herald.common.stream.Platform;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Where posts are stored; every query of the API is scoped by tenant. */
@ApplicationScoped
public class PostRepository implements PanacheRepositoryBase<Post, UUID> {
  private final TargetRepository targets;
  private final Sql sql;

  PostRepository(TargetRepository targets, Sql sql) {
    this.targets = targets;
    this.sql = sql;
  }

  /** The filters of {@code GET /api/v1/posts}; null means "any". */
  public record Filter(PostStatus status, Platform platform, UUID socialAccountId, Instant scheduledFrom,
      Instant scheduledTo, String text) {}

  public Optional<Post> find(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
  }

  /** The post, locked with its targets until the transaction ends (every writer locks a post before its targets). */
  public Optional<Post> lock(UUID tenantId, UUID id) {
    Optional<Post> post = find("tenantId = ?1 and id = ?2", tenantId, id)
        .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    post.ifPresent(p -> targets.lockOfPost(p.id));
    return post;
  }

  /** One page of the tenant's posts matching the filter, newest first, after the cursor. */
  public List<Post> page(UUID tenantId, Filter filter, Cursor after, int limit) {
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
      params.add(filter.status());
    }
    if (after != null) {
      where.append(" and (p.created_at, p.id) < (?, ?)");
      params.add(after.createdAt());
      params.add(after.id());
    }
    params.add(limit);
    // Plain SQL for the page's ids: the status filter is PostStatus.SQL_EXPRESSION (the derived status, in SQL)
    // and the cursor a row-value comparison on the index (tenant_id, created_at desc, id desc).
    List<UUID> ids = sql.query("select p.id from posts p" + where + " order by p.created_at desc, p.id desc limit ?",
        rs -> Sql.uuid(rs, "id"), params.toArray());
    Map<UUID, Post> byId = ids.isEmpty() ? Map.of()
        : list("id in ?1", ids).stream().collect(Collectors.toMap(p -> p.id, Function.identity()));
    return ids.stream().map(byId::get).toList();
  }
}
