package io.herald.auth.tenant;

import io.herald.common.security.Roles;
import io.herald.common.security.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The caller's tenant: read by any role, settings changed by OWNER/ADMIN. */
@Path("/api/v1/tenant")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {
  private final TenantService tenants;
  private final TenantContext caller;

  TenantResource(TenantService tenants, TenantContext caller) {
    this.tenants = tenants;
    this.caller = caller;
  }

  @GET
  @RolesAllowed({Roles.OWNER, Roles.ADMIN, Roles.EDITOR, Roles.VIEWER})
  public TenantView getTenant() {
    return tenants.get(caller.tenantId());
  }

  @PATCH
  @RolesAllowed({Roles.OWNER, Roles.ADMIN})
  public TenantView updateTenant(@Valid @NotNull UpdateTenantRequest request) {
    return tenants.update(caller.tenantId(), caller.subject(), request);
  }
}
