package io.herald.auth.tenant;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The settings an OWNER or ADMIN may change: the origins the connect flow may return to. */
public record UpdateTenantRequest(
    @NotNull @Size(max = ReturnUrls.MAX_ORIGINS) List<@NotNull @Size(max = ReturnUrls.MAX_ORIGIN_LENGTH) String>
        returnUrlAllowlist) {}
