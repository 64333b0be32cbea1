package io.herald.common.stream;

import java.util.Map;

/** One stream entry handed to a consumer: which stream, its id, its raw fields and how often it was delivered. */
public record Delivery(String stream, String entryId, Map<String, String> fields, int deliveries) {}
