package io.herald.simulator.facebook;

import java.time.Instant;
import java.util.List;

/**
 * A token the simulated Graph API issued.
 *
 * @param value     the token string
 * @param kind      USER or PAGE
 * @param appId     the app it was issued to
 * @param userId    the user it belongs to (for a Page token, the user who obtained it)
 * @param pageId    the Page of a Page token, else null
 * @param scopes    granted permissions
 * @param issuedAt  when it was issued
 * @param expiresAt when it expires, null for a Page token (no expiry)
 */
public record FacebookToken(
    String value, Kind kind, String appId, String userId, String pageId, List<String> scopes, Instant issuedAt,
    Instant expiresAt) {

  /** USER or PAGE token. */
  public enum Kind { USER, PAGE }
}
