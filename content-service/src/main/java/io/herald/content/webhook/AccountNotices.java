package io.herald.content.webhook;

import io.herald.common.db.Sql;
import io.herald.content.config.ContentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Decides whether an account change is announced to its tenant ({@code account_notices}): one row per account and
 * {@code account.*} event with the time of the last announcement, claimed with one upsert in the caller's transaction.
 *
 * <p>One change of an account reaches content-service more than once: auth-service's {@code herald:accounts} event
 * (possibly redelivered to another replica after a crash before its XACK), and, when a publish found the token
 * invalid, the NEEDS_REAUTH result of every target the worker tried with it (the worker reports the account to
 * auth-service, which writes the event, and then writes the result). None of them names the others: the event has its
 * stream id and auth's change time, the result its target and the worker's time. They are matched by account, event
 * and time: a claim succeeds only when the account's last announcement of that event is at least
 * {@code herald.content.webhooks.account-notice-window} (10 minutes) older than this one's time (the event's
 * {@code at}, the result's {@code at}: both are when the change was seen, within seconds of each other, however late
 * content-service reads them). The upsert waits for a concurrent claim of the same row, so two replicas never both
 * succeed. The price: an account that is reconnected and breaks again within the window is announced once; a
 * scheduled post that fails on it later than that announces it again (as the results did before).
 */
@ApplicationScoped
public class AccountNotices {
  private final Sql sql;
  private final Duration window;

  AccountNotices(Sql sql, ContentConfig config) {
    this.sql = sql;
    this.window = config.webhooks().accountNoticeWindow();
  }

  /** Whether {@code event} about the account, seen at {@code at}, is to be announced now (recorded if so). */
  public boolean claim(UUID tenantId, UUID accountId, String event, Instant at) {
    return sql.update("""
        insert into account_notices (account_id, event, tenant_id, last_at) values (?, ?, ?, ?)
        on conflict (account_id, event) do update set last_at = excluded.last_at
        where account_notices.last_at <= excluded.last_at - ? * interval '1 millisecond'
        """, accountId, event, tenantId, at, window.toMillis()) == 1;
  }
}
