package io.herald.publisher.queue;

/**
 * One job stream's figures.
 *
 * @param depth   entries in the stream (XLEN)
 * @param lag     entries not yet delivered to the group (XINFO GROUPS lag)
 * @param pending entries delivered but not yet acknowledged (XINFO GROUPS pending)
 */
public record StreamStats(String stream, long depth, long lag, long pending) {}
