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
 * within that time (its limit times {@code max-wait} over its mean run time, at least its limit): a Page answering in
 * 20 ms drains hundreds of waiting jobs in half a second, one answering in 2 s only as many as run. Any other
 * job of a full gate is <em>deferred</em>: handed back through the delayed set (no ledger row touched, no result),
 * due when the gate is expected to have room — each deferral of a gate is spaced one expected free slot after the
 * previous one (the gate's mean run time divided by its limit), so a burst of one account is spread over the time it
 * needs instead of cycling through the delayed set, and the other accounts' jobs behind it get the slots it leaves.
 *
 * <p>Platform rate limits, Herald's pauses and TikTok's per-token limits are checked by the job itself, as before;
 * these gates bound what runs at once, they do not replace them. Gates are per replica.
 */
@ApplicationScoped
public class JobLimits {
  /** The run time a gate assumes before it has measured one: a Graph call's upper range. */
  private static final long INITIAL_RUN_NANOS = Duration.ofSeconds(1).toNanos();

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
    if (gate.waiting.incrementAndGet() <= gate.mayWait(maxWait)) {
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
    private long nextDueNanos = System.nanoTime();

    Gate(String key, int limit) {
      this.key = key;
      this.limit = limit;
      this.permits = new Semaphore(limit, true);
    }

    /** How many jobs may wait at the gate: those it is expected to let through within {@code maxWait}. */
    synchronized int mayWait(Duration maxWait) {
      double through = (double) limit * maxWait.toNanos() / Math.max(1, meanRunNanos);
      return (int) Math.max(limit, Math.min(Integer.MAX_VALUE, through));
    }

    synchronized void ran(long nanos) {
      meanRunNanos += (nanos - meanRunNanos) / 8;
    }

    /**
     * When a deferred job should come back: after the jobs running and waiting now (two mean run times), and one
     * expected free slot after the previously deferred job.
     */
    synchronized Duration deferral() {
      long now = System.nanoTime();
      long due = Math.max(now + 2 * meanRunNanos, nextDueNanos);
      nextDueNanos = due + Math.max(1, meanRunNanos / limit);
      return Duration.ofNanos(due - now);
    }

    synchronized boolean horizonPassed(long now) {
      return nextDueNanos - now <= 0;
    }
  }
}
