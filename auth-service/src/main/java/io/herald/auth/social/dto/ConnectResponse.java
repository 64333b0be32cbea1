package io.herald.auth.social.dto;

/** Where to send the user's browser, and the single-use state bound to this tenant and user. */
public record ConnectResponse(String authorizationUrl, String state) {}
