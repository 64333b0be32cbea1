package io.herald.publisher.ledger;

import io.herald.publisher.config.PublisherConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases this worker's running jobs hold, renewed together in one statement so that a long job (a large upload)
 * keeps its target while a dead worker's targets come free within one lease period.
 */
@ApplicationScoped
public class LeaseKeeper {
  private final Set<Lease> live = ConcurrentHashMap.newKeySet();
  private final Ledger ledger;
  private final PublisherConfig config;

  LeaseKeeper(Ledger ledger, PublisherConfig config) {
    this.ledger = ledger;
    this.config = config;
  }

  public void hold(Lease lease) {
    live.add(lease);
  }

  public void drop(Lease lease) {
    live.remove(lease);
  }

  /** Renews every live lease for another lease period; answers how many rows were renewed. */
  public int renewAll() {
    List<Lease> leases = List.copyOf(live);
    return leases.isEmpty() ? 0 : ledger.renew(leases, config.lease());
  }
}
