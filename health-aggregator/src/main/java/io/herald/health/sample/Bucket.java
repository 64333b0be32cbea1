package io.herald.health.sample;

import java.time.Instant;

/**
 * One step of a target's history.
 *
 * @param from         start of the step (inclusive)
 * @param to           end of the step (exclusive)
 * @param uptime       the time-weighted availability within the step
 * @param samples      how many probes were taken within the step
 * @param downSamples  how many of them were DOWN
 * @param avgLatencyMs the average latency of those probes, null without probes
 */
public record Bucket(Instant from, Instant to, Uptime uptime, int samples, int downSamples, Double avgLatencyMs) {}
