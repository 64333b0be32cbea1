package io.herald.health.status.dto;

import java.time.Instant;
import java.util.List;

/**
 * Herald as a whole now.
 *
 * @param status  UP (everything answers), DEGRADED (only platforms are unreachable), DOWN (a Herald service is
 *                DOWN), UNKNOWN (nothing probed yet)
 * @param summary the sentence the status page's banner shows
 */
public record StatusView(String status, String summary, Instant at, List<ServiceView> services) {}
