package io.herald.publisher.queue;

import java.util.Map;

/** One stream entry handed to this worker: which stream, its id, its raw fields and how often it was delivered. */
public record Delivery(String stream, String entryId, Map<String, String> fields, int deliveries) {}
