package io.herald.common.stream;

import java.time.Instant;
import java.util.Optional;

/**
 * One stream as a consumer group sees it: entries in the stream ({@code XLEN}), entries not yet read by the group
 * ({@code lag}, the whole stream when Redis cannot tell), entries read but not acknowledged ({@code pending}), and
 * when the oldest entry the group has not finished with was added ({@code oldestAt}: the oldest pending one, else
 * the first one not yet read; empty when the group is done with the stream). A stream entry's id is the time Redis
 * added it, so its age is how long the oldest job has waited.
 */
public record GroupStats(String stream, long depth, long lag, long pending, Optional<Instant> oldestAt) {}
