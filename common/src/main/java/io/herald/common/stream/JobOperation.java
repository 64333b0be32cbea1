package io.herald.common.stream;

import java.util.UUID;

/**
 * What a job does to a target, stream contract version 1 (optional job fields {@code operation} and
 * {@code operationId}, written only when the job is not a publish; a job without them publishes). An edit or delete
 * is one operation of a published target, named by its id, so a redelivered job never repeats a finished one.
 *
 * @param kind EDIT (the new text is the payload's {@code text}) or DELETE
 * @param id   the operation, chosen by content-service when the user asked for it
 */
public record JobOperation(Kind kind, UUID id) {
  public enum Kind {
    PUBLISH,
    EDIT,
    DELETE
  }

  static JobOperation read(StreamFields f) {
    String kind = f.optional("operation");
    if (kind == null || Kind.PUBLISH.name().equals(kind)) {
      return null;
    }
    return new JobOperation(f.enumValue("operation", Kind.class), f.uuid("operationId"));
  }

  void write(java.util.Map<String, String> fields) {
    fields.put("operation", kind.name());
    fields.put("operationId", id.toString());
  }
}
