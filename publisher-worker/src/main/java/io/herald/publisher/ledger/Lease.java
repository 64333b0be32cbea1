package io.herald.publisher.ledger;

import java.util.UUID;

/** A job's hold on one target's ledger row: every transition names it, so only the holder moves the row. */
public record Lease(UUID targetId, UUID holder) {}
