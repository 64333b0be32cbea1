package io.herald.auth.social.dto;

import java.time.Instant;

/**
 * Where to send the user's browser: {@code authorizationUrl} is Herald's own start link (single use, it binds the
 * flow to the browser that opens it and then redirects to the platform). {@code connectId} names this connect and
 * comes back to the client's returnUrl as {@code state}; {@code state} repeats it for clients written against the
 * earlier answer (it is no longer the platform's OAuth state).
 */
public record ConnectResponse(String authorizationUrl, String state, String connectId, Instant expiresAt) {}
