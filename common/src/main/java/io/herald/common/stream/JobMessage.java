package io.herald.common.stream;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A publish job on {@code herald:{jobs}:{high|normal|low}}, stream contract version 1.
 * The same job (same {@code targetId}) may arrive more than once; the worker's ledger makes that safe.
 *
 * <p>{@code resendConfirmed} (optional field, written only when true) says the user looked at a target whose outcome
 * was unknown and asked to send it anyway: only such a job may send again where the ledger is unsure.
 *
 * <p>{@code operation}, {@code operationId} (optional, written only for an edit or delete of a published target):
 * see {@link JobOperation}; a job without them publishes, as every job did before.
 */
public record JobMessage(
    UUID jobId,
    UUID tenantId,
    UUID postId,
    UUID targetId,
    int attempt,
    Platform platform,
    UUID socialAccountId,
    Instant enqueuedAt,
    String traceparent,
    JobPayload payload,
    boolean resendConfirmed,
    JobOperation operation) {

  public static final int VERSION = 1;

  /** A publish job. */
  public JobMessage(UUID jobId, UUID tenantId, UUID postId, UUID targetId, int attempt, Platform platform,
      UUID socialAccountId, Instant enqueuedAt, String traceparent, JobPayload payload, boolean resendConfirmed) {
    this(jobId, tenantId, postId, targetId, attempt, platform, socialAccountId, enqueuedAt, traceparent, payload,
        resendConfirmed, null);
  }

  /** What the job does: PUBLISH unless it carries an edit or delete of a published target. */
  public JobOperation.Kind kind() {
    return operation == null ? JobOperation.Kind.PUBLISH : operation.kind();
  }

  public Map<String, String> toFields() {
    var fields = new LinkedHashMap<String, String>();
    fields.put("v", Integer.toString(VERSION));
    fields.put("jobId", jobId.toString());
    fields.put("tenantId", tenantId.toString());
    fields.put("postId", postId.toString());
    fields.put("targetId", targetId.toString());
    fields.put("attempt", Integer.toString(attempt));
    fields.put("platform", platform.name());
    fields.put("socialAccountId", socialAccountId.toString());
    fields.put("enqueuedAt", enqueuedAt.toString());
    fields.put("traceparent", traceparent == null ? "" : traceparent);
    fields.put("payload", StreamFields.toJson(payload));
    if (resendConfirmed) {
      fields.put("resendConfirmed", "true");
    }
    if (operation != null) {
      operation.write(fields);
    }
    return fields;
  }

  /** Reads a stream entry; throws {@link MalformedMessageException} for an unknown version or a bad field. */
  public static JobMessage fromFields(Map<String, String> raw) {
    var f = new StreamFields(raw);
    f.requireVersion(VERSION);
    return new JobMessage(
        f.uuid("jobId"),
        f.uuid("tenantId"),
        f.uuid("postId"),
        f.uuid("targetId"),
        f.integer("attempt"),
        f.enumValue("platform", Platform.class),
        f.uuid("socialAccountId"),
        f.instant("enqueuedAt"),
        f.optional("traceparent"),
        f.json("payload", JobPayload.class),
        f.flag("resendConfirmed"),
        JobOperation.read(f));
  }

  /** The same job, handed on for another delivery (a new job id, same target and attempt). */
  public JobMessage redelivered(Instant now) {
    return new JobMessage(UUID.randomUUID(), tenantId, postId, targetId, attempt, platform, socialAccountId, now,
        traceparent, payload, resendConfirmed, operation);
  }
}
