package io.herald.health.status.dto;

import java.time.Instant;
import java.util.List;

/** Incidents overlapping {@code [from, to)}, newest first, with the MTTR of those that ended in it. */
public record IncidentsView(Instant from, Instant to, List<IncidentView> items, Long mttrSeconds) {}
