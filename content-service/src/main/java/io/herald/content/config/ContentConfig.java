package io.herald.content.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every {@code herald.content.*} setting of content-service (env vars {@code HERALD_CONTENT_*}). */
@ConfigMapping(prefix = "herald.content")
public interface ContentConfig {

  /** How far in the past a {@code scheduledAt} may lie and still be accepted (clock skew of clients). */
  @WithDefault("PT2M")
  Duration scheduleGrace();

  /** How far ahead a post may be scheduled. */
  @WithDefault("P365D")
  Duration scheduleHorizon();

  /** How long an {@code Idempotency-Key} is remembered. */
  @WithDefault("PT24H")
  Duration idempotencyTtl();

  /**
   * Targets QUEUED or PUBLISHING for longer than this whose job marker is gone from Redis (the job was lost) are
   * enqueued again by the reconciler; a target whose marker exists is never enqueued again.
   */
  @WithDefault("PT30S")
  Duration reconcileAfter();

  /** The reconciler's pause between two rounds of looking for lost jobs. */
  @WithDefault("PT5S")
  Duration reconcileEvery();

  /**
   * TTL of the job marker ({@code herald:{jobs}:active:<target>}) the outbox relay sets with each job; the worker
   * renews it while it holds the job, so it only has to outlast the job's wait in the stream.
   */
  @WithDefault("PT10M")
  Duration queuedMarkerTtl();

  /** A background loop that has not completed a round for this long makes liveness DOWN. */
  @WithDefault("PT60S")
  Duration livenessBound();

  /** Upper bound of the MAXLEN ~ trimming of the job streams. */
  @WithDefault("100000")
  long streamMaxLength();

  Scheduler scheduler();

  RateLimit rateLimit();

  Cache cache();

  Webhooks webhooks();

  interface Scheduler {
    /** Whether this replica runs the scheduler, relay, results consumer, reconciler and webhook sender loops. */
    @WithDefault("true")
    boolean enabled();

    /**
     * How many due targets one scheduler round takes (one transaction: the targets marked QUEUED and their outbox
     * rows). A full batch is followed by the next round at once.
     */
    @WithDefault("500")
    int batchSize();

    /**
     * The wait after a scheduler round that found fewer due targets than the batch size: how late a post may be
     * noticed. Each idle round costs one indexed query.
     */
    @WithDefault("PT0.1S")
    Duration pause();

    /**
     * How many outbox rows the relay hands to Redis per round (one pipelined Redis round trip for all their job
     * markers and XADDs, one statement marking them sent).
     */
    @WithDefault("500")
    int relayBatchSize();

    /**
     * The longest the relay waits between rounds when the outbox is empty; a commit that writes outbox rows wakes it
     * at once.
     */
    @WithDefault("PT0.25S")
    Duration relayPause();

    /** How many results the results consumer reads and applies per round (one transaction for all of them). */
    @WithDefault("200")
    int resultsBatchSize();
  }

  interface RateLimit {
    /** Token-bucket size per tenant for writes (POST, PATCH, DELETE). */
    @WithDefault("60")
    int capacity();

    /** Tokens added per second per tenant. */
    @WithDefault("1.0")
    double refillPerSecond();
  }

  interface Cache {
    /**
     * TTL of account look-ups in the shared Redis tier (the local tier's TTL is
     * {@code quarkus.cache.caffeine."accounts".expire-after-write}).
     */
    @WithDefault("PT5M")
    Duration accountsTtl();
  }

  interface Webhooks {
    /**
     * The single key (base64 of 32 bytes) that sealed webhook secrets before they moved to {@code herald.crypto.keys};
     * read only by the migration that re-seals them ({@code db.migration.V3__webhook_secrets_under_secret_cipher}).
     */
    Optional<String> secretKey();

    /** Most webhooks one tenant may have. */
    @WithDefault("20")
    int maxPerTenant();

    /** Delay before the first retry of a failed delivery; doubles on each further failure. */
    @WithDefault("PT10S")
    Duration initialBackoff();

    /** Longest delay between two retries. */
    @WithDefault("PT1H")
    Duration maxBackoff();

    /** A delivery still failing this long after its event is given up. */
    @WithDefault("PT24H")
    Duration giveUpAfter();

    /** The deadline of one delivery request: connecting, answering and the body together. */
    @WithDefault("PT10S")
    Duration requestTimeout();

    /**
     * Announcements of one account's change to the same status closer together than this are one: the first is
     * sent, the others (the publish result and auth-service's event of the same change, a redelivered event, the
     * events of several posts failing on the same account) are not. See {@code webhook.AccountNotices}.
     */
    @WithDefault("PT10M")
    Duration accountNoticeWindow();

    /**
     * An account event older than this when read from {@code herald:accounts} is not announced (the group's first
     * read starts at the beginning of the stream, which keeps about 10,000 past events).
     */
    @WithDefault("PT1H")
    Duration accountEventMaxAge();
  }
}
