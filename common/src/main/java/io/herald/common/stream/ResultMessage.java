package io.herald.common.stream;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The outcome of a publish attempt on {@code herald:results}, stream contract version 1.
 * Consumers ignore results of an older attempt than the one they already applied.
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
    String traceparent) {

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
        traceparent);
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
        f.optional("traceparent"));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
