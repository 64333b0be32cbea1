package io.herald.publisher.publish;

/** Where a published post lives on the platform. */
public record Published(String externalId, String externalUrl) {}
