package io.herald.simulator.facebook;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Checks Graph access tokens and answers the documented 190 errors for bad ones. */
@ApplicationScoped
public class GraphAuth {
  private static final DateTimeFormatter EXPIRY = DateTimeFormatter
      .ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'PDT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private final FacebookStore store;

  GraphAuth(FacebookStore store) {
    this.store = store;
  }

  /** The valid token this call carries, else the Graph error Facebook answers. */
  public FacebookToken require(GraphParams params) {
    String value = params.token().orElseThrow(() -> new GraphException(400, 104, null, "OAuthException",
        "An access token is required to request this resource.", false));
    return check(value);
  }

  /** The token with this value if it is valid, else the Graph error Facebook answers for it. */
  public FacebookToken check(String value) {
    FacebookToken token = store.token(value).orElseThrow(() -> GraphException.invalidToken(null,
        "Invalid OAuth access token - Cannot parse access token"));
    store.invalidation(value).ifPresent(subcode -> {
      throw invalidated(subcode, token);
    });
    if (token.expiresAt() != null && !Instant.now().isBefore(token.expiresAt())) {
      throw invalidated(463, token);
    }
    return token;
  }

  static GraphException invalidated(int subcode, FacebookToken token) {
    Instant now = Instant.now();
    Instant expired = token.expiresAt() != null && token.expiresAt().isBefore(now) ? token.expiresAt() : now;
    String message = switch (subcode) {
      case 463 -> "Error validating access token: Session has expired on " + EXPIRY.format(expired)
          + ". The current time is " + EXPIRY.format(now) + ".";
      case 460 -> "Error validating access token: The session has been invalidated because the user changed their "
          + "password or Facebook has changed the session for security reasons.";
      case 458 -> "Error validating access token: The user has not authorized application.";
      case 492 -> "Error validating access token: The user is not an admin or editor of the Page.";
      default -> "Error validating access token: The session is invalid.";
    };
    return GraphException.invalidToken(subcode, message);
  }
}
