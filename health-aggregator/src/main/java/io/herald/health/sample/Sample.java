package io.herald.health.sample;

import io.herald.health.probe.CheckResult;
import io.herald.health.probe.Resources;
import io.herald.health.probe.Status;
import java.time.Instant;
import java.util.List;

/** A stored probe of one target. */
public record Sample(
    String service, String kind, Instant at, Status status, long latencyMs, String error, List<CheckResult> checks,
    Resources resources) {}
