package io.herald.content.post;

import java.util.Collection;

/** A post's status, always derived from its targets' statuses, never stored. */
public enum PostStatus {
  SCHEDULED,
  PUBLISHING,
  PUBLISHED,
  PARTIALLY_PUBLISHED,
  FAILED,
  /** Nothing scheduled or in flight, and the outcome of at least one target is unknown: the user decides. */
  UNKNOWN_OUTCOME,
  CANCELLED,
  /** Every target that was published has been deleted from its platform since (the rest were cancelled). */
  DELETED;

  /** The SQL twin of {@link #derive}, over the target rows {@code t} of one post (used for list filters). */
  static final String SQL_EXPRESSION = """
      case when bool_and(t.status = 'CANCELLED') then 'CANCELLED'
           when bool_and(t.status in ('CANCELLED', 'DELETED')) then 'DELETED'
           when bool_or(t.status in ('QUEUED', 'PUBLISHING')) then 'PUBLISHING'
           when bool_or(t.status = 'SCHEDULED') then 'SCHEDULED'
           when bool_or(t.status = 'UNKNOWN_OUTCOME') then 'UNKNOWN_OUTCOME'
           when bool_and(t.status in ('PUBLISHED', 'DELETED')) then 'PUBLISHED'
           when bool_and(t.status = 'FAILED') then 'FAILED'
           else 'PARTIALLY_PUBLISHED' end""";

  public static PostStatus derive(Collection<TargetStatus> targets) {
    if (targets.stream().allMatch(s -> s == TargetStatus.CANCELLED)) {
      return CANCELLED;
    }
    if (targets.stream().allMatch(s -> s == TargetStatus.CANCELLED || s == TargetStatus.DELETED)) {
      return DELETED;
    }
    if (targets.stream().anyMatch(TargetStatus::inFlight)) {
      return PUBLISHING;
    }
    if (targets.contains(TargetStatus.SCHEDULED)) {
      return SCHEDULED;
    }
    if (targets.contains(TargetStatus.UNKNOWN_OUTCOME)) {
      return UNKNOWN_OUTCOME;
    }
    // A target deleted after publishing was published: its post still counts it so.
    if (targets.stream().allMatch(s -> s == TargetStatus.PUBLISHED || s == TargetStatus.DELETED)) {
      return PUBLISHED;
    }
    if (targets.stream().allMatch(s -> s == TargetStatus.FAILED)) {
      return FAILED;
    }
    return PARTIALLY_PUBLISHED;
  }

  /** Whether every target has reached an end state (the moment post.* webhooks fire); UNKNOWN_OUTCOME has not. */
  public boolean finished() {
    return this == PUBLISHED || this == FAILED || this == PARTIALLY_PUBLISHED;
  }
}
