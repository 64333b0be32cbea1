package io.herald.publisher.queue;

import io.herald.common.stream.JobMessage;
import io.herald.common.stream.Platform;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.metrics.PublisherMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limits a job passes, within the replica's {@code concurrency}, before it runs: one gate per platform
 * ({@code limits.facebook}, {@code limits.tiktok}) and one per social account ({@code limits.per-account}: a Page, a
 * TikTok creator, one token each). A job holds its global slot while it waits, so the wait is bounded: it waits at a
 * full gate at most {@code limits.max-wait}, and only as many jobs wait at a gate as it is expected to let through
 * within half that time (its limit times half of {@code max-wait} over its mean run time, at least its limit, and at
 * most half the concurrency, so one account's burst leaves the other half to the others): a Page answering in 20 ms
 * drains a hundred waiting jobs in a fraction of a second, one answering in 2 s only as many as run. Any other
 * job of a full gate is <em>deferred</em>: handed back through the delayed set (no ledger row touched, no result),
 * due when the gate is expected to have room — each deferral of a gate is spaced half an expected free slot after the
 * previous one (the gate's mean run time divided by its limit, halved so a few wait when their turn comes), so a
 * burst of one account is spread over the time it needs instead of cycling through the delayed set, and the other
 * accounts' jobs behind it get the slots it leaves.
 *
 * <p>Platform rate limits, Herald's pauses and TikTok's per-token limits are checked by the job itself, as before;
 * these gates bound what runs at once, they do not replace them. Gates are per replica.
 */
@ApplicationScoped
public class JobLimits {
  /**
   * The run time a gate assumes before it has measured one: a fast Page's. A guess on the low side corrects itself (a
   * job deferred too early finds the gate full and is deferred again, by the measured time); one on the high side did
   * not: a burst read before the first job ended was spread over the delayed set at the guessed pace (a 1 s guess
   * held one Page to 16 jobs/s while each ran in 50 ms).
   */
  private static final long INITIAL_RUN_NANOS = Duration.ofMillis(100).toNanos();

  private final Map<String, Gate> gates = new ConcurrentHashMap<>();
  private final PublisherConfig config;
  private final PublisherMetrics metrics;

  JobLimits(PublisherConfig config, PublisherMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  /** What a job got at the gates. */
  public sealed interface Admission extends AutoCloseable {
    /** Nothing to give back. */
    @Override
    void close();
  }

  /** The job may run; closing it (when the job is done) frees its places. */
  public static final class Admitted implements Admission {
    private final Gate[] held;
    private final long since = System.nanoTime();
    private final JobLimits limits;
    private boolean closed;

    private Admitted(JobLimits limits, Gate... held) {
      this.limits = limits;
      this.held = held;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      long ran = System.nanoTime() - since;
      for (Gate gate : held) {
        gate.ran(ran);
        gate.permits.release();
        limits.leave(gate);
      }
    }
  }

  /** The job is handed back, to run again after {@code delay}; {@code limit} says which gate was full. */
  public record Deferred(Duration delay, String limit) implements Admission {
    @Override
    public void close() {}
  }

  /**
   * Passes the job through its account's gate, then its platform's; waits at most {@code limits.max-wait} at each,
   * and only where fewer jobs wait than the gate lets run. Runs on the job's own (virtual) thread.
   */
  public Admission admit(JobMessage job) {
    Gate account = enter("account:" + job.socialAccountId(), config.limits().perAccount());
    Deferred deferred = pass(account, "account");
    if (deferred != null) {
      return deferred;
    }
    int platformLimit = platformLimit(job.platform());
    if (platformLimit >= config.concurrency()) {
      return new Admitted(this, account);
    }
    Gate platform = enter("platform:" + job.platform(), platformLimit);
    deferred = pass(platform, "platform");
    if (deferred != null) {
      account.permits.release();
      leave(account);
      return deferred;
    }
    return new Admitted(this, account, platform);
  }

  /** Forgets gates nobody uses and whose deferred jobs are due: run now and then, so idle accounts cost nothing. */
  public void sweep() {
    long now = System.nanoTime();
    for (String key : gates.keySet()) {
      gates.computeIfPresent(key, (k, gate) -> gate.users == 0 && gate.horizonPassed(now) ? null : gate);
    }
  }

  /** Takes a place at the gate (null), or says when to come back (the gate is left). */
  private Deferred pass(Gate gate, String limit) {
    if (gate.permits.tryAcquire()) {
      return null;
    }
    Duration maxWait = config.limits().maxWait();
    if (gate.waiting.incrementAndGet() <= gate.mayWait(maxWait, config.concurrency() / 2)) {
      metrics.waitStarted();
      try {
        if (gate.permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
          metrics.countLimited(limit, "waited");
          return null;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        gate.waiting.decrementAndGet();
        metrics.waitEnded();
      }
    } else {
      gate.waiting.decrementAndGet();
    }
    Duration delay = gate.deferral();
    leave(gate);
    metrics.countLimited(limit, "deferred");
    return new Deferred(delay, limit);
  }

  private int platformLimit(Platform platform) {
    return switch (platform) {
      case FACEBOOK -> config.limits().facebook();
      case TIKTOK -> config.limits().tiktok();
    };
  }

  /** The gate of {@code key}, counted as used until {@link #leave}: a gate in use is never forgotten. */
  private Gate enter(String key, int limit) {
    return gates.compute(key, (k, gate) -> {
      Gate g = gate == null ? new Gate(k, Math.max(1, limit)) : gate;
      g.users++;
      return g;
    });
  }

  private void leave(Gate gate) {
    gates.computeIfPresent(gate.key, (k, g) -> {
      g.users--;
      return g.users == 0 && g.horizonPassed(System.nanoTime()) ? null : g;
    });
  }

  /** One limit: permits (fair, so waiters go in order), who waits, and when its next deferred job is due. */
  static final class Gate {
    final String key;
    final int limit;
    final Semaphore permits;
    final AtomicInteger waiting = new AtomicInteger();
    /** Jobs between {@link #enter} and {@link #leave}; changed only inside the map's compute. */
    int users;
    private long meanRunNanos = INITIAL_RUN_NANOS;
    private boolean measured;
    /** Deferred jobs not yet due, as of {@link #queuedAt}: they go through the gate at its measured pace. */
    private double queued;
    private long queuedAt = System.nanoTime();
    private long lastDueNanos = queuedAt;

    Gate(String key, int limit) {
      this.key = key;
      this.limit = limit;
      this.permits = new Semaphore(limit, true);
    }

    /**
     * How many jobs may wait at the gate (at least its limit, at most {@code cap}): those it is expected to let through
     * within half of {@code maxWait}. The margin is for the hand-overs the mean run time does not see (a freed permit
     * reaches the next waiter a scheduling delay later, more on a busy machine): a waiter whose wait runs out has held
     * its slot for nothing and still goes through the delayed set.
     */
    synchronized int mayWait(Duration maxWait, int cap) {
      double through = (double) limit * maxWait.toNanos() / 2 / Math.max(1, meanRunNanos);
      return (int) Math.max(limit, Math.min(cap, through));
    }

    synchronized void ran(long nanos) {
      meanRunNanos = measured ? meanRunNanos + (nanos - meanRunNanos) / 8 : Math.max(1, nanos);
      measured = true;
    }

    /**
     * When a deferred job should come back: after the jobs running and waiting now (two mean run times), and half an
     * expected free slot (the mean run time over the limit) after each deferred job still ahead of it. Half: the
     * deferred jobs come back at twice the pace the gate measures, so a few wait at the gate when a permit frees (a
     * wait costs a parked virtual thread, an idle permit costs the Page's rate); the surplus waits or goes round once
     * more. Those ahead are counted, not dated, so they go through at the pace measured now: a gate found faster than
     * first thought brings its next deferrals forward.
     */
    synchronized Duration deferral() {
      long now = System.nanoTime();
      double slot = slot();
      queued = ahead(now, slot);
      queuedAt = now;
      long due = 2 * meanRunNanos + (long) (queued * slot);
      queued++;
      lastDueNanos = Math.max(lastDueNanos, now + due);
      return Duration.ofNanos(due);
    }

    /** Whether every job this gate deferred is due: then it holds nothing worth keeping. */
    synchronized boolean horizonPassed(long now) {
      return lastDueNanos - now <= 0;
    }

    private double slot() {
      return Math.max(1.0, (double) meanRunNanos / limit / 2);
    }

    private double ahead(long now, double slot) {
      return Math.max(0, queued - (now - queuedAt) / slot);
    }
  }
}
