package io.herald.simulator.control;

/**
 * A permission the user took away from the app in their Facebook settings.
 *
 * @param token   a Facebook token value
 * @param account or every token of a Page id or user id
 * @param scope   the permission, e.g. {@code pages_manage_engagement}
 */
public record ScopeRevocation(String token, String account, String scope) {}
