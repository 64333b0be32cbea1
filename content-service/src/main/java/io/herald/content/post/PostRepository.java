package io.herald.content.post;

import static io.herald.common.db.Sql.column;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.common.db.Sql;
import io.herald.common.stream.Platform;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Where posts are stored; every query of the API is scoped by tenant. */
@ApplicationScoped
public class PostRepository implements PanacheRepositoryBase<Post, UUID> {
  private final TargetRepository targets;
  private final Sql sql;
  private final ObjectMapper json;

  PostRepository(TargetRepository targets, Sql sql, ObjectMapper json) {
    this.targets = targets;
    this.sql = sql;
    this.json = json;
  }

  /** The filters of {@code GET /api/v1/posts}; null means "any". */
  public record Filter(PostStatus status, Platform platform, UUID socialAccountId, Instant scheduledFrom,
      Instant scheduledTo, String text) {}

  public Optional<Post> find(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
  }

  /** A new post to insert: its rows and, if it has an idempotency key, the record to claim the key with. */
  public record NewPost(Post post, List<PostTarget> targets, IdempotencyRepository.Claim claim) {}

  /**
   * Inserts new posts with their targets and claims their idempotency keys, all in one statement (atomic on its own:
   * call it outside a transaction); answers the ids of the posts written. A post whose key is held by a committed
   * record (older than {@code expiredBefore}: taken over) is not written; a key another request is claiming makes
   * this wait until that one commits (the key is lost) or rolls back (won). Keys are claimed in key order, so two
   * requests never wait on each other in a circle.
   */
  public Set<UUID> insertNew(UUID tenantId, List<NewPost> posts, Instant now, Instant expiredBefore) {
    var claims = posts.stream().map(NewPost::claim).filter(Objects::nonNull).toList();
    var targets = posts.stream().flatMap(p -> p.targets().stream()).toList();
    // Plain SQL, a measured hot path (docs/architecture.md, "What each content step commits"): the claims, the posts
    // and the targets of a create or of a whole batch in one round trip, without a transaction around it; through
    // Hibernate it was four round trips and a flush, a third of the create's CPU. "on conflict ... where" is the
    // idempotency claim (IdempotencyRepository.ON_KEY_HELD: the loser waits for the winner, then inserts nothing; an
    // expired record is taken over).
    List<UUID> written = sql.query("""
        with claimed as (
          insert into idempotency_keys as k (tenant_id, key, request_hash, status, response, post_id, created_at)
          select ?, c.key, c.request_hash, c.status::integer, c.response, c.post_id, ?
          from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[])
            as c (key, request_hash, status, response, post_id)
          order by c.key
        """ + IdempotencyRepository.ON_KEY_HELD + """
          returning k.post_id
        ), new_posts as (
          select * from unnest(?::uuid[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                               ?::text[])
            as p (id, keyed, text, link, media, priority, scheduled_at, traceparent)
          where not p.keyed or p.id in (select post_id from claimed)
        ), inserted_posts as (
          insert into posts (id, tenant_id, text, link, media, priority, scheduled_at, created_at, updated_at,
                             version, traceparent)
          select id, ?, text, link, media::jsonb, priority, scheduled_at::timestamptz, ?, ?, 1, traceparent
          from new_posts
        ), inserted_targets as (
          insert into post_targets (id, tenant_id, post_id, position, social_account_id, platform, options, status,
                                    attempt, due_at, status_changed_at, text, link, media)
          select t.id, ?, t.post_id, t.position::integer, t.account, t.platform, t.options::jsonb, ?, 0,
                 t.due_at::timestamptz, ?, t.text, t.link, t.media::jsonb
          from unnest(?::uuid[], ?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[],
                      ?::text[], ?::text[])
            as t (id, post_id, position, account, platform, options, due_at, text, link, media)
          where t.post_id in (select id from new_posts)
        )
        select id from new_posts""", rs -> Sql.uuid(rs, "id"),
        tenantId, now,
        column(claims, IdempotencyRepository.Claim::key), column(claims, IdempotencyRepository.Claim::requestHash),
        column(claims, c -> Integer.toString(c.status())), column(claims, IdempotencyRepository.Claim::response),
        column(claims, IdempotencyRepository.Claim::postId), expiredBefore,
        column(posts, p -> p.post().id), column(posts, p -> p.claim() == null ? "f" : "t"),
        column(posts, p -> p.post().text), column(posts, p -> p.post().link),
        column(posts, p -> jsonb(p.post().media)), column(posts, p -> p.post().priority.name()),
        column(posts, p -> p.post().scheduledAt.toString()), column(posts, p -> p.post().traceparent),
        tenantId, now, now,
        tenantId, TargetStatus.SCHEDULED, now,
        column(targets, t -> t.id), column(targets, t -> t.postId), column(targets, t -> Integer.toString(t.position)),
        column(targets, t -> t.socialAccountId), column(targets, t -> t.platform.name()),
        column(targets, t -> jsonb(t.options)), column(targets, t -> t.dueAt.toString()),
        column(targets, t -> t.text), column(targets, t -> t.link),
        column(targets, t -> t.media == null ? null : jsonb(t.media)));
    return new HashSet<>(written);
  }

  /** A jsonb column's value (the records carry their own Jackson annotations, so any mapper writes the same). */
  private String jsonb(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Posts by id, in one query (a batch of targets' posts). */
  public Map<UUID, Post> byIds(Collection<UUID> ids) {
    return ids.isEmpty() ? Map.of()
        : list("id in ?1", ids).stream().collect(Collectors.toMap(p -> p.id, Function.identity()));
  }

  /** The post, locked with its targets until the transaction ends (every writer locks a post before its targets). */
  public Optional<Post> lock(UUID tenantId, UUID id) {
    Optional<Post> post = find("tenantId = ?1 and id = ?2", tenantId, id)
        .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    post.ifPresent(p -> targets.lockOfPost(p.id));
    return post;
  }

  /** One page of the tenant's posts matching the filter, newest first, after the cursor. */
  @SuppressWarnings("unchecked")
  public List<Post> page(UUID tenantId, Filter filter, Cursor after, int limit) {
    var where = new StringBuilder(" where p.tenant_id = :tenant");
    var params = new HashMap<String, Object>(Map.of("tenant", tenantId, "limit", limit));
    if (filter.platform() != null) {
      where.append(" and exists (select 1 from post_targets t where t.post_id = p.id and t.platform = :platform)");
      params.put("platform", filter.platform().name());
    }
    if (filter.socialAccountId() != null) {
      where.append(" and exists (select 1 from post_targets t where t.post_id = p.id"
          + " and t.social_account_id = :account)");
      params.put("account", filter.socialAccountId());
    }
    if (filter.scheduledFrom() != null) {
      where.append(" and p.scheduled_at >= :scheduledFrom");
      params.put("scheduledFrom", filter.scheduledFrom());
    }
    if (filter.scheduledTo() != null) {
      where.append(" and p.scheduled_at < :scheduledTo");
      params.put("scheduledTo", filter.scheduledTo());
    }
    if (filter.text() != null && !filter.text().isBlank()) {
      where.append(" and p.text ilike :text escape '\\'");
      params.put("text", "%" + filter.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }
    if (filter.status() != null) {
      where.append(" and (select " + PostStatus.SQL_EXPRESSION
          + " from post_targets t where t.post_id = p.id) = :status");
      params.put("status", filter.status().name());
    }
    if (after != null) {
      where.append(" and (p.created_at, p.id) < (:afterCreatedAt, :afterId)");
      params.put("afterCreatedAt", after.createdAt());
      params.put("afterId", after.id());
    }
    // One native statement along the index (tenant_id, created_at desc, id desc), the rows read in index order:
    // posts created together share heap pages, so a page of 50 reads a few. (It was the page's ids first, then the
    // posts by id: a primary-key descent per post, deeper as the table grows; docs/benchmarks.md, "The list page
    // at 1,000,000 posts".) Native, read into the Post entities by Hibernate, because the status filter is
    // PostStatus.SQL_EXPRESSION, the derived status in Postgres SQL (bool_and/bool_or), which HQL does not take.
    var query = getEntityManager().createNativeQuery(
        "select p.* from posts p" + where + " order by p.created_at desc, p.id desc limit :limit", Post.class);
    params.forEach(query::setParameter);
    return query.getResultList();
  }
}
