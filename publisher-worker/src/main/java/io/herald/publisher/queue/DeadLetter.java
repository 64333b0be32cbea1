package io.herald.publisher.queue;

import java.util.Map;

/**
 * A job in {@code herald:{jobs}:dead}, as the API shows it (never the raw payload's secrets: jobs carry none).
 *
 * @param entryId    the dead-letter stream entry id, used to replay it
 * @param reason     why the job was dead-lettered
 * @param deliveries how often it had been delivered
 */
public record DeadLetter(
    String entryId,
    String jobId,
    String postId,
    String targetId,
    String platform,
    String attempt,
    String sourceStream,
    String reason,
    String deliveries,
    String deadAt) {

  static DeadLetter of(String entryId, Map<String, String> fields) {
    return new DeadLetter(entryId, fields.get("jobId"), fields.get("postId"), fields.get("targetId"),
        fields.get("platform"), fields.get("attempt"), fields.get("sourceStream"), fields.get("reason"),
        fields.get("deliveries"), fields.get("deadAt"));
  }
}
