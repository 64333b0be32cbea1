package io.herald.content.post.dto;

import io.herald.common.stream.JobOperation;
import io.herald.common.stream.Media;
import io.herald.common.stream.Platform;
import io.herald.common.stream.PlatformOptions;
import io.herald.common.stream.ResultMessage.FirstCommentStatus;
import io.herald.content.post.TargetOperation;
import io.herald.content.post.TargetStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One target of a post as Herald answers it. {@code text}, {@code link} and {@code media} are the target's own
 * content where it overrides its post's (null: it publishes the post's); {@code firstComment} what became of its
 * Facebook first comment (null while none was asked for or reported).
 */
public record TargetView(
    UUID id,
    UUID socialAccountId,
    Platform platform,
    TargetStatus status,
    PlatformOptions options,
    @Schema(description = "This target's own text; null when it publishes the post's") String text,
    @Schema(description = "This target's own link (\"\" for none); null when it publishes the post's") String link,
    @Schema(description = "This target's own media; null when it publishes the post's") List<Media> media,
    String externalId,
    String externalUrl,
    int attempts,
    ErrorView lastError,
    Instant publishedAt,
    @Schema(description = "What became of the Facebook first comment, once the worker reported it")
    FirstCommentView firstComment,
    @Schema(description = "The last edit or delete of the published post that was asked for; null when none")
    OperationView operation,
    @Schema(description = "When the post was deleted from its platform (status DELETED)") Instant deletedAt) {

  /**
   * An edit or delete of the published post.
   *
   * @param id          the operation's id
   * @param kind        EDIT or DELETE
   * @param status      PENDING (on its way), DONE, FAILED or UNKNOWN_OUTCOME
   * @param text        the text an edit sets
   * @param requestedAt when it was asked for
   * @param error       why it failed or is unknown
   */
  public record OperationView(UUID id, JobOperation.Kind kind, TargetOperation.Status status, String text,
      Instant requestedAt, ErrorView error) {}

  /** The last error of a target: a stable code and a human-readable message. */
  public record ErrorView(String code, String message) {}

  /**
   * A first comment's outcome.
   *
   * @param status PUBLISHED, FAILED, or UNKNOWN_OUTCOME (the worker cannot tell whether it landed and does not send
   *               it again on its own)
   * @param id     the comment's id on Facebook, once published
   * @param error  why it failed or is unknown
   */
  public record FirstCommentView(FirstCommentStatus status, String id, String error) {}
}
