package io.herald.auth.client.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** An API client; {@code clientSecret} is present only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiClientView(UUID id, String clientId, String clientSecret, String name, Set<String> roles,
    Instant createdAt) {}
