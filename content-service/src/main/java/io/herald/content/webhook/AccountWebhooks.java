package io.herald.content.webhook;

import io.herald.common.stream.AccountEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;

/**
 * Tells a tenant that one of its accounts stopped being usable, from auth-service's {@link AccountEvent}:
 * {@code account.needs_reauth} or {@code account.disconnected} to every webhook of the tenant subscribed to it, unless
 * the same change was already announced ({@link AccountNotices}: by a publish result, or by this event delivered
 * before).
 */
@ApplicationScoped
public class AccountWebhooks {
  private final WebhookEvents events;
  private final AccountNotices notices;
  private final Clock clock = Clock.systemUTC();

  AccountWebhooks(WebhookEvents events, AccountNotices notices) {
    this.events = events;
    this.notices = notices;
  }

  /** Records the event's pending deliveries; answers whether it was announced (false: already announced). */
  @Transactional
  public boolean announce(AccountEvent change) {
    String event = eventOf(change.status());
    if (!notices.claim(change.tenantId(), change.accountId(), event, change.at())) {
      return false;
    }
    var data = new LinkedHashMap<String, Object>();
    data.put("socialAccountId", change.accountId());
    data.put("status", change.status());
    data.put("changedAt", change.at().toString());
    Instant now = clock.instant();
    events.emit(change.tenantId(), event, data, now);
    return true;
  }

  static String eventOf(AccountEvent.Status status) {
    return switch (status) {
      case NEEDS_REAUTH -> WebhookEvents.ACCOUNT_NEEDS_REAUTH;
      case DISCONNECTED -> WebhookEvents.ACCOUNT_DISCONNECTED;
    };
  }
}
