package io.herald.common.delivery;

import io.quarkus.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One round of outgoing deliveries: claims what is due (leased for longer than the worst case of a round), sends each
 * on its own virtual thread within the client's deadline, and records delivered, retry at (the policy's backoff) or
 * given up. A slow endpoint delays only its own delivery, never the others or the loop's heartbeat beyond one
 * deadline.
 */
public final class DeliveryDispatcher<D> {
  private final DeliveryStore<D> store;
  private final DeliveryClient client;
  private final RetryPolicy policy;
  private final Duration lease;
  private final int batch;
  private final Clock clock;

  /** {@code lease}: how long a claimed delivery stays out of other replicas' reach; longer than one deadline. */
  public DeliveryDispatcher(DeliveryStore<D> store, DeliveryClient client, RetryPolicy policy, Duration lease,
      int batch, Clock clock) {
    this.store = store;
    this.client = client;
    this.policy = policy;
    this.lease = lease;
    this.batch = batch;
    this.clock = clock;
  }

  /** Sends what is due now; answers how many deliveries were attempted. */
  public int deliverDue() {
    Instant now = clock.instant();
    List<D> due = store.claimDue(now, batch, now.plus(lease));
    if (due.isEmpty()) {
      return 0;
    }
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> sent = due.stream().map(d -> senders.submit(() -> deliver(d))).<Future<?>>map(f -> f).toList();
      for (Future<?> future : sent) {
        try {
          future.get();
        } catch (ExecutionException e) {
          Log.warnf("A delivery could not be recorded: %s", e.getCause().toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return sent.size();
        }
      }
    }
    return due.size();
  }

  private void deliver(D delivery) {
    Attempt attempt = client.post(store.request(delivery));
    Instant now = clock.instant();
    if (attempt.delivered()) {
      store.delivered(delivery, attempt, now);
      return;
    }
    int attempts = store.attemptsSoFar(delivery) + 1;
    policy.next(attempts, store.createdAt(delivery), now).ifPresentOrElse(
        next -> store.retryAt(delivery, attempt, next),
        () -> store.givenUp(delivery, attempt, now));
  }
}
