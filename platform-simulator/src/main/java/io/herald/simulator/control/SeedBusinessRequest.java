package io.herald.simulator.control;

import java.util.List;

/**
 * A Business (Business Manager) to create for an existing Facebook user, with Pages the user reaches only through it.
 *
 * @param userId      the member (required; e.g. the {@code userId} of a seeded Page)
 * @param name        the Business's name, default "Herald Demo Business"
 * @param ownedPages  names of new Pages the Business owns ({@code /{business-id}/owned_pages})
 * @param clientPages names of new Pages the Business manages for clients ({@code /{business-id}/client_pages})
 * @param appId       app the Page tokens are issued to, default "simulated-app"
 * @param scopes      permissions of the Page tokens, default the user's usual ones plus business_management
 */
public record SeedBusinessRequest(String userId, String name, List<String> ownedPages, List<String> clientPages,
    String appId, List<String> scopes) {}
