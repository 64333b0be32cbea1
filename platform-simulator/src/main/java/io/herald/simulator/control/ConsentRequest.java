package io.herald.simulator.control;

/**
 * How a platform's login dialog answers from now on.
 *
 * @param consent APPROVE (default) or DENY
 * @param userId  log in as this existing Facebook user id / TikTok open_id instead of creating a new user
 */
public record ConsentRequest(String consent, String userId) {}
