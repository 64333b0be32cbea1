package io.herald.publisher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the worker consumes, retries, claims and dead-letters publish jobs ({@code herald.publisher.*}). */
@ConfigMapping(prefix = "herald.publisher")
public interface PublisherConfig {

  /** Whether this process consumes jobs at all (the background loops start only when true). */
  @WithDefault("true")
  boolean enabled();

  /**
   * How many jobs this process works on at the same time, each on its own virtual thread (a publisher mostly waits
   * on the network: a Graph call takes 0.2–1 s, so 256 jobs in flight keep a replica at some 250 posts/s); the
   * consumer reads no more entries than it has room for. Platform and account limits ({@link #limits()}) apply on top.
   */
  @WithDefault("256")
  int concurrency();

  /** Limits per platform and per account within {@link #concurrency()}. */
  Limits limits();

  /**
   * How long a job's hold on its target's ledger row lasts; a running job renews it every third of this, so when a
   * worker dies its targets are free again after at most this long.
   */
  @WithDefault("60s")
  Duration lease();

  /**
   * The longest a job may legitimately run (media download and upload deadlines included): how long the target's
   * job marker lasts while the job is in a worker's hands.
   */
  @WithDefault("45m")
  Duration jobDeadline();

  /** How long one XREADGROUP blocks waiting for a job when every stream is empty. */
  @WithDefault("1s")
  Duration pollBlock();

  /** Approximate maximum length of the streams this worker writes (XADD MAXLEN ~). */
  @WithDefault("100000")
  long streamMaxLength();

  /** How long a graceful shutdown waits for in-flight jobs before leaving them pending for another worker. */
  @WithDefault("25s")
  Duration shutdownGrace();

  /** How often queue figures (lag, pending, delayed, dead) are sampled for metrics and health data. */
  @WithDefault("5s")
  Duration statsInterval();

  /** Transient-failure retries. */
  Retry retry();

  /** The mover of due jobs from {@code herald:{jobs}:delayed} back to their stream. */
  Delayed delayed();

  /** Claiming of abandoned work and dead-lettering. */
  Claim claim();

  /** TikTok status polling through delayed jobs. */
  Poll poll();

  /** Liveness of the background loops. */
  Liveness liveness();

  /** Media Herald downloads and uploads itself (TikTok FILE_UPLOAD). */
  Media media();

  /** Jobs that fail on this worker. */
  Failures failures();

  /** Credentials cache. */
  Credentials credentials();

  interface Limits {
    /** At most this many Facebook jobs in flight on this replica (the default: no limit below the concurrency). */
    @WithDefault("256")
    int facebook();

    /**
     * At most this many TikTok jobs in flight on this replica: its uploads hold a job for minutes, and its per-token
     * rate limits (6 inits a minute) leave little to gain from more.
     */
    @WithDefault("64")
    int tiktok();

    /**
     * At most this many jobs of one social account (a Facebook Page, a TikTok creator; one token each) in flight on
     * this replica, so one account's burst neither floods its Page nor takes every slot from the other accounts.
     */
    @WithDefault("16")
    int perAccount();

    /**
     * How long a job whose platform or account is at its limit waits for a turn while it holds its slot. As many
     * jobs wait as the gate is expected to let through in half that time (at least its limit, at most half the
     * concurrency); the others, and a job whose wait ran out, are deferred through the delayed set to when the
     * account is expected to have room, so a slot is never held for long. Waiting is cheap (a parked virtual thread);
     * a deferral costs a round through Redis, so a wait too short to hold one Page's burst (500 ms was) sends most of
     * that burst round the delayed set and halves the Page's rate.
     */
    @WithDefault("2s")
    Duration maxWait();
  }

  interface Retry {
    /** How many tries one attempt of a target gets before it fails for good. */
    @WithDefault("5")
    int maxTries();

    /** The delay before the first retry; each further retry doubles it. */
    @WithDefault("5s")
    Duration initialDelay();

    /** The longest delay between two retries. */
    @WithDefault("15m")
    Duration maxDelay();

    /** Random spread applied to each delay, as a fraction (0.2 = plus or minus 20 %). */
    @WithDefault("0.2")
    double jitter();

    /**
     * How long to wait before reconciling after a call whose outcome is unknown (timeout, lost answer): longer than
     * the platform call timeout plus {@link #commitMargin()}, checked at start.
     */
    @WithDefault("40s")
    Duration reconcileDelay();

    /** How long a platform may take, after its answer was lost, until what it created shows when read. */
    @WithDefault("20s")
    Duration commitMargin();

    /** How long a job waits when another run of the same target holds its ledger row. */
    @WithDefault("5s")
    Duration heldTargetDelay();

    /** How long jobs for a platform wait while its circuit breaker is open (not counted as a try). */
    @WithDefault("30s")
    Duration breakerOpenDelay();

    /** The shortest wait after the platform said it throttles us. */
    @WithDefault("1m")
    Duration minThrottleDelay();
  }

  interface Delayed {
    /** How often due delayed jobs are moved back to their stream. */
    @WithDefault("500ms")
    Duration interval();

    /** At most this many due jobs are moved by one run of the Lua script. */
    @WithDefault("100")
    int batchSize();
  }

  interface Claim {
    /** How often pending entries of dead or stuck consumers are claimed (XAUTOCLAIM). */
    @WithDefault("30s")
    Duration interval();

    /** Idle time after which a pending entry counts as abandoned; longer than the slowest legitimate job. */
    @WithDefault("10m")
    Duration minIdle();

    /** Past this many deliveries a job goes to {@code herald:{jobs}:dead} with a FAILED result. */
    @WithDefault("5")
    int maxDeliveries();
  }

  interface Poll {
    /** Delay before the first TikTok status poll after init; it doubles per poll. */
    @WithDefault("5s")
    Duration initialDelay();

    /** The longest delay between two status polls. */
    @WithDefault("60s")
    Duration maxDelay();

    /** After this many polls without a final status the target fails with {@code tiktok:status_timeout}. */
    @WithDefault("1000")
    int maxPolls();
  }

  interface Media {
    /** The largest media file Herald downloads (TikTok takes videos up to 4 GB). */
    @WithDefault("4294967296")
    long maxBytes();

    /** The whole download of one media file must finish within this. */
    @WithDefault("10m")
    Duration downloadDeadline();

    /** The whole upload of one video to TikTok must finish within this (its upload URL lives one hour). */
    @WithDefault("30m")
    Duration uploadDeadline();

    /** One chunk's PUT must be answered within this. */
    @WithDefault("5m")
    Duration chunkTimeout();
  }

  interface Failures {
    /**
     * An entry whose handling failed this many times on this worker (errors that are neither the job's own
     * platform outcome nor an outage of Postgres or Redis) is dead-lettered with the reason.
     */
    @WithDefault("5")
    int maxPerEntry();

    /** How long the consumer waits before reading again after an outage of Postgres or Redis (doubles, up to 30 s). */
    @WithDefault("1s")
    Duration outageBackoff();
  }

  interface Liveness {
    /** A background loop that has not reported for this long makes liveness DOWN. */
    @WithDefault("2m")
    Duration stuckAfter();
  }

  interface Credentials {
    /** Cached credentials are dropped this long before their {@code expiresAt}. */
    @WithDefault("2m")
    Duration expirySkew();
  }
}
