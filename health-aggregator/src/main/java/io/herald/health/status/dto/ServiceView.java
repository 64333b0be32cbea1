package io.herald.health.status.dto;

import io.herald.health.probe.CheckResult;
import io.herald.health.probe.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One watched target now.
 *
 * @param status      UP, DOWN, or UNKNOWN (never probed, or its last probe is older than the maximum sample gap)
 * @param uptime      time-weighted uptime ratio per window (1h, 24h, 7d, 30d); null where nothing was observed
 * @param mttrSeconds mean time to recovery of the incidents that ended in the last 30 days; null without any
 */
public record ServiceView(
    String name, String kind, String status, Instant checkedAt, Long latencyMs, String error, List<CheckResult> checks,
    Resources resources, Map<String, Double> uptime, Long mttrSeconds, IncidentView openIncident) {}
