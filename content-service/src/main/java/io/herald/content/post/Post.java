package io.herald.content.post;

import io.herald.common.stream.Media;
import io.herald.common.stream.Priority;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A stored post (row of {@code posts}); never an API payload ({@link PostViews} maps it). {@code version} is the
 * ETag: it grows by one with every change of the post or of its targets' statuses made through the API.
 */
@Entity
@Table(name = "posts")
public class Post {
  @Id
  public UUID id;
  public UUID tenantId;
  public String text;
  public String link;
  @JdbcTypeCode(SqlTypes.JSON)
  public List<Media> media;
  @Enumerated(EnumType.STRING)
  public Priority priority;
  public Instant scheduledAt;
  public Instant createdAt;
  public Instant updatedAt;
  public int version;
  /** The W3C traceparent of the request that created the post, carried by its jobs. */
  public String traceparent;

  /** Records a change made at {@code now}: a new version, so a stale {@code If-Match} no longer matches. */
  void touch(Instant now) {
    updatedAt = now;
    version++;
  }
}
