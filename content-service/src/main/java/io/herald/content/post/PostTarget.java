package io.herald.content.post;

import io.herald.common.stream.JobOperation;
import io.herald.common.stream.Media;
import io.herald.common.stream.Platform;
import io.herald.common.stream.PlatformOptions;
import io.herald.common.stream.ResultMessage.FirstCommentOutcome;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One target of a post: one social account, its platform options, its publishing state (row of
 * {@code post_targets}). {@code status} changes only through {@link #move}. {@code resendConfirmedAttempt} is the
 * attempt the user asked to send although the previous one's outcome was unknown (null when never). {@code text},
 * {@code link} and {@code media} are the target's own content where it overrides its post's (null: the post's; an
 * empty text or link, or no media, means none); {@code firstComment} what became of its Facebook first comment.
 *
 * <p>Updates name only the columns that changed: the schema's trigger checks every update that names
 * {@code status}, and a target whose status stays (a new due time, a job written again) is no move.
 */
@Entity
@Table(name = "post_targets")
@DynamicUpdate
public class PostTarget {
  @Id
  public UUID id;
  public UUID tenantId;
  public UUID postId;
  public int position;
  public UUID socialAccountId;
  @Enumerated(EnumType.STRING)
  public Platform platform;
  @JdbcTypeCode(SqlTypes.JSON)
  public PlatformOptions options;
  @Enumerated(EnumType.STRING)
  public TargetStatus status;
  public int attempt;
  public Instant dueAt;
  public Instant statusChangedAt;
  public String externalId;
  public String externalUrl;
  public Instant publishedAt;
  public String lastErrorCode;
  public String lastErrorMessage;
  public Integer resendConfirmedAttempt;
  public String text;
  public String link;
  @JdbcTypeCode(SqlTypes.JSON)
  public List<Media> media;
  @JdbcTypeCode(SqlTypes.JSON)
  public FirstCommentOutcome firstComment;
  /** The edit or delete of the published post asked for last (null: none); see {@link TargetOperation}. */
  public UUID operationId;
  @Enumerated(EnumType.STRING)
  public JobOperation.Kind operation;
  @Enumerated(EnumType.STRING)
  public TargetOperation.Status operationStatus;
  public String operationText;
  public Instant operationRequestedAt;
  public String operationErrorCode;
  public String operationErrorMessage;
  /** When the operation's job was last written to the outbox (the reconciler writes a lost one again). */
  public Instant operationEnqueuedAt;
  public Instant deletedAt;

  /** Whether an edit or delete is on its way (its job out, no result yet). */
  public boolean operationPending() {
    return operationStatus == TargetOperation.Status.PENDING;
  }

  /** The text this target publishes: its own, or its post's. */
  public String textOf(Post post) {
    return text != null ? text : post.text;
  }

  /** The link this target publishes (null for none): its own ("" = none), or its post's. */
  public String linkOf(Post post) {
    String effective = link != null ? link : post.link;
    return effective == null || effective.isBlank() ? null : effective;
  }

  /** The media this target publishes: its own, or its post's. */
  public List<Media> mediaOf(Post post) {
    return media != null ? media : post.media;
  }

  /** Whether the job of the current attempt carries {@code resendConfirmed} (the user's "send it"). */
  public boolean resendConfirmed() {
    return resendConfirmedAttempt != null && resendConfirmedAttempt == attempt;
  }

  /**
   * The one writer of {@code status}: applies the move if the target is in one of its from-states and answers
   * whether it did. Call it with the target locked (its post first), so nobody moves it meanwhile.
   */
  public boolean move(TargetMove move, TargetMove.Change change, Instant now) {
    if (!move.from().contains(status)) {
      return false;
    }
    status = move.to();
    statusChangedAt = now;
    attempt = Math.max(attempt, change.attempt());
    externalId = externalId != null ? externalId : change.externalId();
    externalUrl = externalUrl != null ? externalUrl : change.externalUrl();
    publishedAt = publishedAt != null ? publishedAt : change.publishedAt();
    lastErrorCode = change.errorCode();
    lastErrorMessage = change.errorMessage();
    if (change.resendConfirmedAttempt() != null) {
      resendConfirmedAttempt = change.resendConfirmedAttempt();
    }
    return true;
  }
}
