package io.herald.content.post;

/**
 * A target's state. The only transitions (architecture section 7): SCHEDULED -> QUEUED -> PUBLISHING ->
 * PUBLISHED | FAILED; QUEUED -> PUBLISHED | FAILED (a result may skip PUBLISHING); SCHEDULED -> CANCELLED;
 * FAILED -> QUEUED (retry, attempt + 1).
 */
public enum TargetStatus {
  SCHEDULED,
  QUEUED,
  PUBLISHING,
  PUBLISHED,
  FAILED,
  CANCELLED;

  public boolean inFlight() {
    return this == QUEUED || this == PUBLISHING;
  }

  public boolean terminal() {
    return this == PUBLISHED || this == FAILED || this == CANCELLED;
  }
}
