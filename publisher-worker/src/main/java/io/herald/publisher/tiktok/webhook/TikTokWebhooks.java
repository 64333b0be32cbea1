package io.herald.publisher.tiktok.webhook;

import io.herald.common.db.DataAccessException;
import io.herald.common.db.Sql;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.publisher.config.TikTokConfig;
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
import jakarta.transaction.Transactional;
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

  private final Sql sql;
  private final TikTokWebhookEventRepository events;
  private final Ledger ledger;
  private final JobStreams streams;
  private final TikTokConfig tiktok;
  private final PublisherMetrics metrics;

  TikTokWebhooks(Sql sql, TikTokWebhookEventRepository events, Ledger ledger, JobStreams streams,
      TikTokConfig tiktok, PublisherMetrics metrics) {
    this.sql = sql;
    this.events = events;
    this.ledger = ledger;
    this.streams = streams;
    this.tiktok = tiktok;
    this.metrics = metrics;
  }

  /** Keeps the event (once) and applies it to its target if one can be known. */
  public void receive(TikTokWebhookEvent event) {
    // Plain SQL: kept once (insert ... on conflict do nothing); the row count says whether it is a repeat.
    int stored = sql.update("insert into tiktok_webhook_events (event, publish_id, open_id, created_at, post_id,"
            + " reason) values (?, ?, ?, ?, ?, ?) on conflict (publish_id, event) do nothing", event.event,
        event.publishId, event.openId, event.createdAt, event.postId, event.reason);
    if (stored == 0) {
      metrics.countWebhook(event.event, "duplicate");
      return;
    }
    Optional<LedgerEntry> holder = ledger.findByPublishId(Platform.TIKTOK, event.publishId);
    if (holder.isEmpty()) {
      holder = adoptingRow(event);
    }
    if (holder.isEmpty()) {
      metrics.countWebhook(event.event, "unmatched");
      Log.infof("TikTok %s for publish %s matches no target (yet)", event.event, event.publishId);
      return;
    }
    settle(holder.get(), event);
  }

  /**
   * Applies the events that came while a job held their target (or before a lost init was adopted), oldest first;
   * run by a loop every few seconds, so no webhook is dropped for having come at a busy moment.
   */
  public int applyDeferred() {
    // Plain SQL: events whose publish_id a target holds and that are not applied yet, joined to the ledger.
    List<TikTokWebhookEvent> waiting = sql.query("select e.id, e.event, e.publish_id, e.open_id, e.created_at,"
        + " e.post_id, e.reason from tiktok_webhook_events e join publish_ledger l on l.platform = 'TIKTOK'"
        + " and l.publish_id = e.publish_id where e.applied_at is null order by e.received_at limit 100",
        TikTokWebhooks::event);
    int applied = 0;
    for (TikTokWebhookEvent event : waiting) {
      Optional<LedgerEntry> holder = ledger.findByPublishId(Platform.TIKTOK, event.publishId);
      if (holder.isPresent() && settle(holder.get(), event)) {
        applied++;
      }
    }
    return applied;
  }

  /** Applies one event to its target and marks it applied; false when a job holds the target (tried later). */
  private boolean settle(LedgerEntry holder, TikTokWebhookEvent event) {
    boolean settled;
    try {
      settled = apply(holder, event);
    } catch (DataAccessException e) {
      if (!e.isUniqueViolation()) {
        throw e;
      }
      metrics.countWebhook(event.event, "conflict");
      Log.warnf("TikTok %s for publish %s names a post id another target holds; not applied", event.event,
          event.publishId);
      settled = true;
    }
    if (settled) {
      sql.update("update tiktok_webhook_events set applied_at = now() where publish_id = ? and event = ?",
          event.publishId, event.event);
    }
    return settled;
  }

  private static TikTokWebhookEvent event(java.sql.ResultSet rs) throws java.sql.SQLException {
    var event = new TikTokWebhookEvent(rs.getString("event"), rs.getString("publish_id"), rs.getString("open_id"),
        Sql.instant(rs, "created_at"), rs.getString("post_id"), rs.getString("reason"));
    event.id = rs.getLong("id");
    return event;
  }

  /**
   * For a SENDING or UNKNOWN target without a publish_id: the one publish of its creator, held by no target, whose
   * events began after the target's init started, provided no other such target of the creator could own it.
   */
  @Transactional
  public Adoption adoptionFor(LedgerEntry row) {
    if (row.accountRef() == null || row.lastSendStarted() == null) {
      return new Adoption.None();
    }
    Instant from = row.lastSendStarted().minus(CLOCK_SKEW);
    List<String> candidates = events.unheldPublishesSince(row.accountRef(), from);
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
  @Transactional
  public Optional<TikTokWebhookEvent> finalEvent(String publishId) {
    return events.finalEvent(publishId);
  }

  private Optional<LedgerEntry> adoptingRow(TikTokWebhookEvent event) {
    for (LedgerEntry row : ledger.unsureWithoutId(Platform.TIKTOK, event.openId)) {
      if (adoptionFor(row) instanceof Adoption.Found found && found.publishId().equals(event.publishId)) {
        return Optional.of(row);
      }
    }
    return Optional.empty();
  }

  private boolean apply(LedgerEntry row, TikTokWebhookEvent event) {
    var lease = new Lease(row.targetId(), UUID.randomUUID());
    Optional<LedgerEntry> taken = ledger.take(row.targetId(), lease, Duration.ofSeconds(30));
    if (taken.isEmpty()) {
      // A job holds the target: the sweep (applyDeferred) applies the stored event once it is free.
      metrics.countWebhook(event.event, "deferred");
      return false;
    }
    try {
      LedgerEntry entry = taken.get();
      if (entry.publishId() == null) {
        if (!ledger.processing(lease, event.publishId, null)) {
          return true;
        }
        Log.infof("Target %s adopted publish %s from TikTok's %s", entry.targetId(), event.publishId, event.event);
      }
      ResultMessage result = switch (event.event) {
        case TikTokWebhookEvent.COMPLETE, TikTokWebhookEvent.INBOX_DELIVERED -> entry.state() == LedgerState.SENT
            ? null : sent(lease, entry, TikTokPublisher.published(event.publishId, null, entry.accountHandle()));
        case TikTokWebhookEvent.PUBLICLY_AVAILABLE -> publiclyAvailable(lease, entry, event);
        case TikTokWebhookEvent.FAILED -> failed(lease, entry, event);
        default -> null;
      };
      if (result != null) {
        streams.publishResult(result);
        metrics.countWebhook(event.event, "applied");
      }
      return true;
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
    Published published = TikTokPublisher.published(event.publishId, event.postId, entry.accountHandle());
    if (entry.state() == LedgerState.SENT) {
      return ledger.refineSent(lease, published.externalId(), published.externalUrl())
          ? ResultMessage.published(entry.targetId(), entry.jobAttempt(), published.externalId(),
              published.externalUrl(), Instant.now())
          : null;
    }
    return sent(lease, entry, published);
  }

  private ResultMessage failed(Lease lease, LedgerEntry entry, TikTokWebhookEvent event) {
    var error = TikTokErrors.classifyFailReason(event.reason);
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
