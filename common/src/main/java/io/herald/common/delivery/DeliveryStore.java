package io.herald.common.delivery;

import java.time.Instant;
import java.util.List;

/**
 * Where a service keeps its outgoing deliveries (content-service: webhook deliveries; health-aggregator: alerts):
 * the only part of a delivery that differs between them. Everything else — claiming, sending, retrying, giving up —
 * is {@link DeliveryDispatcher}'s.
 */
public interface DeliveryStore<D> {
  /**
   * The deliveries due at {@code now} (at most {@code limit}), each leased until {@code leaseUntil} so no other
   * replica sends it meanwhile (select ... for update skip locked, then push their next attempt out).
   */
  List<D> claimDue(Instant now, int limit, Instant leaseUntil);

  /** The request for one delivery (signed, where the service signs). */
  OutgoingRequest request(D delivery);

  /** How many attempts were made before this one. */
  int attemptsSoFar(D delivery);

  /** When the delivery was created (a delivery is given up some time after). */
  Instant createdAt(D delivery);

  /** Records a 2xx. */
  void delivered(D delivery, Attempt attempt, Instant at);

  /** Records a failed attempt to be tried again at {@code next}. */
  void retryAt(D delivery, Attempt attempt, Instant next);

  /** Records the last failed attempt: the delivery is given up. */
  void givenUp(D delivery, Attempt attempt, Instant at);
}
