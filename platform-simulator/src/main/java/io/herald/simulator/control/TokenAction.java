package io.herald.simulator.control;

/**
 * Which tokens to expire or revoke: one token value, or every token of an account.
 *
 * @param token   a Facebook or TikTok access token (or TikTok refresh token) value
 * @param account a Facebook Page id or user id, or a TikTok open_id
 * @param subcode Facebook only: the 190 subcode revoked tokens answer with (default 460; expiry is always 463)
 */
public record TokenAction(String token, String account, Integer subcode) {}
