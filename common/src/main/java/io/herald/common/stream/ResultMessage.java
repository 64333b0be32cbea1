package io.herald.common.stream;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The outcome of a publish attempt on {@code herald:{jobs}:results}, stream contract version 1.
 * Consumers ignore results of an older attempt than the one they already applied.
 *
 * <p>{@code firstComment} (optional fields {@code firstCommentStatus}, {@code firstCommentId},
 * {@code firstCommentError}, written only when the target asked for a first comment): the outcome of that comment,
 * reported with the post's final result once the comment step is final itself.
 *
 * <p>{@code operation}, {@code operationId} (optional): the result is that of an edit or delete of a published
 * target ({@link JobOperation}), not of its publish: PUBLISHED means the operation is done.
 */
public record ResultMessage(
    UUID targetId,
    int attempt,
    ResultOutcome outcome,
    String externalId,
    String externalUrl,
    String errorCode,
    String errorMessage,
    Instant at,
    String traceparent,
    FirstCommentOutcome firstComment,
    JobOperation operation) {

  public ResultMessage(UUID targetId, int attempt, ResultOutcome outcome, String externalId, String externalUrl,
      String errorCode, String errorMessage, Instant at, String traceparent, FirstCommentOutcome firstComment) {
    this(targetId, attempt, outcome, externalId, externalUrl, errorCode, errorMessage, at, traceparent, firstComment,
        null);
  }

  /** What became of a target's first comment. */
  public enum FirstCommentStatus {
    PUBLISHED,
    FAILED,
    UNKNOWN_OUTCOME
  }

  /**
   * @param status published, failed for good, or unknown (the worker cannot tell whether it landed and never
   *               re-sends it blindly)
   * @param id     the comment's id on the platform, when published
   * @param error  why it failed or is unknown, in the user's words
   */
  public record FirstCommentOutcome(FirstCommentStatus status, String id, String error) {}

  public ResultMessage(UUID targetId, int attempt, ResultOutcome outcome, String externalId, String externalUrl,
      String errorCode, String errorMessage, Instant at, String traceparent) {
    this(targetId, attempt, outcome, externalId, externalUrl, errorCode, errorMessage, at, traceparent, null);
  }

  public static final int VERSION = 1;

  public static ResultMessage published(UUID targetId, int attempt, String externalId, String externalUrl, Instant at) {
    return new ResultMessage(targetId, attempt, ResultOutcome.PUBLISHED, externalId, externalUrl, null, null, at, null);
  }

  public static ResultMessage failure(
      UUID targetId, int attempt, ResultOutcome outcome, String errorCode, String errorMessage, Instant at) {
    return new ResultMessage(targetId, attempt, outcome, null, null, errorCode, errorMessage, at, null);
  }

  public ResultMessage withTraceparent(String traceparent) {
    return new ResultMessage(targetId, attempt, outcome, externalId, externalUrl, errorCode, errorMessage, at,
        traceparent, firstComment, operation);
  }

  /** The result of an edit or delete (PUBLISHED: done; FAILED; UNKNOWN_OUTCOME; RETRY_SCHEDULED). */
  public ResultMessage forOperation(JobOperation operation) {
    return new ResultMessage(targetId, attempt, outcome, externalId, externalUrl, errorCode, errorMessage, at,
        traceparent, firstComment, operation);
  }

  public ResultMessage withFirstComment(FirstCommentOutcome firstComment) {
    return new ResultMessage(targetId, attempt, outcome, externalId, externalUrl, errorCode, errorMessage, at,
        traceparent, firstComment, operation);
  }

  public Map<String, String> toFields() {
    var fields = new LinkedHashMap<String, String>();
    fields.put("v", Integer.toString(VERSION));
    fields.put("targetId", targetId.toString());
    fields.put("attempt", Integer.toString(attempt));
    fields.put("outcome", outcome.name());
    fields.put("externalId", orEmpty(externalId));
    fields.put("externalUrl", orEmpty(externalUrl));
    fields.put("errorCode", orEmpty(errorCode));
    fields.put("errorMessage", orEmpty(errorMessage));
    fields.put("at", at.toString());
    fields.put("traceparent", orEmpty(traceparent));
    if (firstComment != null) {
      fields.put("firstCommentStatus", firstComment.status().name());
      fields.put("firstCommentId", orEmpty(firstComment.id()));
      fields.put("firstCommentError", orEmpty(firstComment.error()));
    }
    if (operation != null) {
      operation.write(fields);
    }
    return fields;
  }

  public static ResultMessage fromFields(Map<String, String> raw) {
    var f = new StreamFields(raw);
    f.requireVersion(VERSION);
    return new ResultMessage(
        f.uuid("targetId"),
        f.integer("attempt"),
        f.enumValue("outcome", ResultOutcome.class),
        f.optional("externalId"),
        f.optional("externalUrl"),
        f.optional("errorCode"),
        f.optional("errorMessage"),
        f.instant("at"),
        f.optional("traceparent"),
        firstComment(f),
        JobOperation.read(f));
  }

  private static FirstCommentOutcome firstComment(StreamFields f) {
    String status = f.optional("firstCommentStatus");
    if (status == null) {
      return null;
    }
    return new FirstCommentOutcome(f.enumValue("firstCommentStatus", FirstCommentStatus.class),
        f.optional("firstCommentId"), f.optional("firstCommentError"));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
