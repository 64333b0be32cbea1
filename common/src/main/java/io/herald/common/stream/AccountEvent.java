package io.herald.common.stream;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A social account stopped being usable ({@link StreamKeys#ACCOUNTS}, written by auth-service once the change has
 * committed): every replica that cached something of the account drops it, so a disconnected account stops
 * publishing within seconds rather than when a cache expires. content-service also reads it in a group
 * ({@link StreamKeys#CONTENT_WEBHOOKS_GROUP}) to tell the account's tenant by webhook.
 */
public record AccountEvent(UUID accountId, UUID tenantId, Status status, Instant at) {
  public static final int VERSION = 1;

  /** What the account became. */
  public enum Status {
    DISCONNECTED,
    NEEDS_REAUTH
  }

  public Map<String, String> toFields() {
    var fields = new LinkedHashMap<String, String>();
    fields.put("v", Integer.toString(VERSION));
    fields.put("accountId", accountId.toString());
    fields.put("tenantId", tenantId.toString());
    fields.put("status", status.name());
    fields.put("at", at.toString());
    return fields;
  }

  public static AccountEvent fromFields(Map<String, String> raw) {
    var f = new StreamFields(raw);
    f.requireVersion(VERSION);
    return new AccountEvent(f.uuid("accountId"), f.uuid("tenantId"), f.enumValue("status", Status.class),
        f.instant("at"));
  }
}
