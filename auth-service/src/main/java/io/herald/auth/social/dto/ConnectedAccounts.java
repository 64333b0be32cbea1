package io.herald.auth.social.dto;

import java.util.List;

/** The accounts an OAuth callback connected (or reconnected). */
public record ConnectedAccounts(List<SocialAccountView> accounts) {}
