package io.herald.publisher.ledger;

import java.time.Instant;
import java.util.UUID;

/** One committed SENDING attempt: what reconciliation looks for after {@code startedAt}. */
public record SendAttempt(UUID id, UUID targetId, Instant startedAt) {}
