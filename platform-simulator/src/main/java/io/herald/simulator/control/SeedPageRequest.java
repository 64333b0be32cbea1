package io.herald.simulator.control;

import java.util.List;

/**
 * A Facebook Page to create without the login dialog.
 *
 * @param name   Page name, default "Herald Demo Page"
 * @param userId add the Page to this existing user; default a new user
 * @param appId  app the tokens are issued to, default "simulated-app"
 * @param scopes granted permissions, default pages_show_list, pages_read_engagement, pages_manage_posts
 */
public record SeedPageRequest(String name, String userId, String appId, List<String> scopes) {}
