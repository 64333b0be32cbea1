package io.herald.auth.social.dto;

import jakarta.validation.constraints.Size;

/** Why a service found the account's token unusable, e.g. {@code facebook:190/460 password changed}. */
public record ReauthRequiredRequest(@Size(max = 500) String reason) {}
