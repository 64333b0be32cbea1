package io.herald.simulator.tiktok;

import io.herald.simulator.core.Ids;
import java.util.Map;

/** The Content Posting API envelope {@code {"data": {...}, "error": {"code","message","log_id"}}}. */
public record TikTokEnvelope(Object data, Error error) {

  /** The envelope's error part; {@code code} is {@code ok} on success. */
  public record Error(String code, String message, String log_id) {}

  public static TikTokEnvelope ok(Object data) {
    return new TikTokEnvelope(data, new Error("ok", "", Ids.logId()));
  }

  public static TikTokEnvelope of(Map<String, Object> data, String code, String message) {
    return new TikTokEnvelope(data, new Error(code, message, Ids.logId()));
  }
}
