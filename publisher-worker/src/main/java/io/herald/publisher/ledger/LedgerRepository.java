package io.herald.publisher.ledger;

import io.herald.common.stream.Platform;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of the publish ledger, as {@link LedgerEntry} snapshots; {@link Ledger} is the one class that moves rows. */
@ApplicationScoped
class LedgerRepository implements PanacheRepositoryBase<LedgerRow, UUID> {

  Optional<LedgerEntry> entry(UUID targetId) {
    return find("targetId", targetId).project(LedgerEntry.class).firstResultOptional();
  }

  Optional<LedgerEntry> findByPublishId(Platform platform, String publishId) {
    return find("platform = ?1 and publishId = ?2", platform, publishId).project(LedgerEntry.class)
        .firstResultOptional();
  }

  /** The rows of one account whose send is unsure (SENDING or UNKNOWN) and has no platform id yet. */
  List<LedgerEntry> unsureWithoutId(Platform platform, String accountRef) {
    return find("platform = ?1 and accountRef = ?2 and state in ?3 and publishId is null and objectId is null",
        platform, accountRef, List.of(LedgerState.SENDING, LedgerState.UNKNOWN)).project(LedgerEntry.class).list();
  }

  boolean ownedByAnother(Platform platform, String id, UUID targetId) {
    return count("platform = ?1 and targetId <> ?2 and (externalId = ?3 or objectId = ?3 or publishId = ?3)",
        platform, targetId, id) > 0;
  }
}
