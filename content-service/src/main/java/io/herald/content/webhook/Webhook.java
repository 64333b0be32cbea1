package io.herald.content.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant's registered endpoint (row of {@code webhooks}; the secret stays encrypted in the row). */
public record Webhook(UUID id, UUID tenantId, String url, List<String> events, String secretEncrypted, Instant createdAt) {}
