package io.herald.publisher.tiktok.webhook;

import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.publisher.config.TikTokConfig;
import io.herald.publisher.db.DatabaseException;
import io.herald.publisher.db.Jdbc;
import io.herald.publisher.ledger.Lease;
import io.herald.publisher.ledger.Ledger;
import io.herald.publisher.ledger.LedgerEntry;
import io.herald.publisher.ledger.LedgerState;
import io.herald.publisher.metrics.PublisherMetrics;
import io.herald.publisher.publish.Published;
import io.herald.publisher.queue.JobStreams;
import io.herald.publisher.tiktok.TikTokErrors;
import io.herald.publisher.tiktok.TikTokPublisher;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * TikTok's publish webhooks: each event is kept once (TikTok delivers at least once), then applied to the target whose
 * publish_id it names, which ends status polling early. An event naming a publish_id no target holds may be the
 * answer to an init whose answer was lost: {@link #adoptionFor} matches it to that target when, and only when,
 * nothing else could fit.
 */
@ApplicationScoped
public class TikTokWebhooks {
  /** Tolerated clock difference between Herald and TikTok. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

  /** What the events say about a target whose init answer was lost. */
  public sealed interface Adoption {
    /** Exactly one publish of this creator, held by no target, began after this target's init: it is this one. */
    record Found(String publishId) implements Adoption {}

    /** Several publishes, or several targets, could fit: no guess. */
    record Ambiguous(String reason) implements Adoption {}

    /** No event names a publish this target could own (yet). */
    record None() implements Adoption {}
  }

  private final Jdbc jdbc;
  private final Ledger ledger;
  private final JobStreams streams;
  private final TikTokConfig tiktok;
  private final PublisherMetrics metrics;

  TikTokWebhooks(Jdbc jdbc, Ledger ledger, JobStreams streams, TikTokConfig tiktok, PublisherMetrics metrics) {
    this.jdbc = jdbc;
    this.ledger = ledger;
    this.streams = streams;
    this.tiktok = tiktok;
    this.metrics = metrics;
  }

  /** Keeps the event (once) and applies it to its target if one can be known. */
  public void receive(TikTokWebhookEvent event) {
    int stored = jdbc.update("insert into tiktok_webhook_events (event, publish_id, open_id, created_at, post_id,"
            + " reason) values (?, ?, ?, ?, ?, ?) on conflict (publish_id, event) do nothing", event.event(),
        event.publishId(), event.openId(), Timestamp.from(event.createdAt()), event.postId(), event.reason());
    if (stored == 0) {
      metrics.countWebhook(event.event(), "duplicate");
      return;
    }
    Optional<LedgerEntry> holder = ledger.findByPublishId(Platform.TIKTOK, event.publishId());
    if (holder.isEmpty()) {
      holder = adoptingRow(event);
    }
    if (holder.isEmpty()) {
      metrics.countWebhook(event.event(), "unmatched");
      Log.infof("TikTok %s for publish %s matches no target (yet)", event.event(), event.publishId());
      return;
    }
    try {
      apply(holder.get(), event);
    } catch (DatabaseException e) {
      if (!e.isTakenId()) {
        throw e;
      }
      metrics.countWebhook(event.event(), "conflict");
      Log.warnf("TikTok %s for publish %s names a post id another target holds; not applied", event.event(),
          event.publishId());
    }
  }

  /**
   * For a SENDING or UNKNOWN target without a publish_id: the one publish of its creator, held by no target, whose
   * events began after the target's init started, provided no other such target of the creator could own it.
   */
  public Adoption adoptionFor(LedgerEntry row) {
    if (row.accountRef() == null || row.lastSendStarted() == null) {
      return new Adoption.None();
    }
    Instant from = row.lastSendStarted().minus(CLOCK_SKEW);
    List<String> candidates = jdbc.list("select e.publish_id from tiktok_webhook_events e where e.open_id = ?"
            + " and not exists (select 1 from publish_ledger l where l.platform = 'TIKTOK' and l.publish_id = e.publish_id)"
            + " group by e.publish_id having min(e.created_at) >= ?",
        rs -> rs.getString(1), row.accountRef(), Timestamp.from(from));
    if (candidates.isEmpty()) {
      return new Adoption.None();
    }
    if (candidates.size() > 1) {
      return new Adoption.Ambiguous(candidates.size() + " publishes of this creator that no target holds began"
          + " after the lost init; none can be told apart as this target's");
    }
    boolean rival = ledger.unsureWithoutId(Platform.TIKTOK, row.accountRef()).stream()
        .anyMatch(other -> !other.targetId().equals(row.targetId()));
    if (rival) {
      return new Adoption.Ambiguous("Another post to this creator also lost its init answer; the publish TikTok"
          + " reported cannot be told apart between them");
    }
    return new Adoption.Found(candidates.getFirst());
  }

  /** Whether the events say this publish reached a final state, as {@code status/fetch} would. */
  public Optional<TikTokWebhookEvent> finalEvent(String publishId) {
    return jdbc.one("select event, publish_id, open_id, created_at, post_id, reason from tiktok_webhook_events"
            + " where publish_id = ? and event in (?, ?, ?) order by created_at desc limit 1",
        rs -> new TikTokWebhookEvent(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6)),
        publishId, TikTokWebhookEvent.COMPLETE, TikTokWebhookEvent.FAILED, TikTokWebhookEvent.INBOX_DELIVERED);
  }

  private Optional<LedgerEntry> adoptingRow(TikTokWebhookEvent event) {
    for (LedgerEntry row : ledger.unsureWithoutId(Platform.TIKTOK, event.openId())) {
      if (adoptionFor(row) instanceof Adoption.Found found && found.publishId().equals(event.publishId())) {
        return Optional.of(row);
      }
    }
    return Optional.empty();
  }

  private void apply(LedgerEntry row, TikTokWebhookEvent event) {
    var lease = new Lease(row.targetId(), UUID.randomUUID());
    Optional<LedgerEntry> taken = ledger.take(row.targetId(), lease, Duration.ofSeconds(30));
    if (taken.isEmpty()) {
      // A job holds the target: its next status poll or reconcile reads the stored event.
      metrics.countWebhook(event.event(), "deferred");
      return;
    }
    try {
      LedgerEntry entry = taken.get();
      if (entry.publishId() == null) {
        if (!ledger.processing(lease, event.publishId(), null)) {
          return;
        }
        Log.infof("Target %s adopted publish %s from TikTok's %s", entry.targetId(), event.publishId(), event.event());
      }
      ResultMessage result = switch (event.event()) {
        case TikTokWebhookEvent.COMPLETE, TikTokWebhookEvent.INBOX_DELIVERED -> entry.state() == LedgerState.SENT
            ? null : sent(lease, entry, TikTokPublisher.published(event.publishId(), null, entry.accountHandle()));
        case TikTokWebhookEvent.PUBLICLY_AVAILABLE -> publiclyAvailable(lease, entry, event);
        case TikTokWebhookEvent.FAILED -> failed(lease, entry, event);
        default -> null;
      };
      if (result != null) {
        streams.publishResult(result);
        metrics.countWebhook(event.event(), "applied");
      }
    } finally {
      ledger.release(lease);
    }
  }

  private ResultMessage sent(Lease lease, LedgerEntry entry, Published published) {
    if (!ledger.sent(lease, published.externalId(), published.externalUrl())) {
      return null;
    }
    return ResultMessage.published(entry.targetId(), entry.jobAttempt(), published.externalId(),
        published.externalUrl(), Instant.now());
  }

  private ResultMessage publiclyAvailable(Lease lease, LedgerEntry entry, TikTokWebhookEvent event) {
    Published published = TikTokPublisher.published(event.publishId(), event.postId(), entry.accountHandle());
    if (entry.state() == LedgerState.SENT) {
      return ledger.refineSent(lease, published.externalId(), published.externalUrl())
          ? ResultMessage.published(entry.targetId(), entry.jobAttempt(), published.externalId(),
              published.externalUrl(), Instant.now())
          : null;
    }
    return sent(lease, entry, published);
  }

  private ResultMessage failed(Lease lease, LedgerEntry entry, TikTokWebhookEvent event) {
    var error = TikTokErrors.classifyFailReason(event.reason());
    if (!ledger.failed(lease, entry.jobAttempt(), ResultOutcome.FAILED, error.code(), error.message())) {
      return null;
    }
    return ResultMessage.failure(entry.targetId(), entry.jobAttempt(), ResultOutcome.FAILED, error.code(),
        error.message(), Instant.now());
  }

  /** How long a target whose init answer was lost waits for TikTok's webhook before it is reported unknown. */
  public Duration grace() {
    return tiktok.webhookGrace();
  }
}
