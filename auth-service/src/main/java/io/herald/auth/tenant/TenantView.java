package io.herald.auth.tenant;

import java.util.List;
import java.util.UUID;

/** The caller's tenant and its settings. */
public record TenantView(UUID id, String name, List<String> returnUrlAllowlist) {}
