package io.herald.common.stream;

/**
 * One stream as a consumer group sees it: entries in the stream ({@code XLEN}), entries not yet read by the group
 * ({@code lag}, the whole stream when Redis cannot tell) and entries read but not acknowledged ({@code pending}).
 */
public record GroupStats(String stream, long depth, long lag, long pending) {}
